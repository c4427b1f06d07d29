namespace Lifeline.Providers.Communications.Templates;

/// <summary>
/// The allow-list: the names a template may use, spelled snake_case, and how each is read. Nothing else of any object
/// is reachable from a template: it is an error at validation and renders empty.
/// </summary>
public static class MessageModelMembers
{
    /// <summary>Top-level names: the members of <see cref="MessageModel"/>.</summary>
    public static readonly IReadOnlyDictionary<string, Func<MessageModel, object>> Model = new Dictionary<string, Func<MessageModel, object>>(StringComparer.Ordinal)
    {
        ["title"] = m => m.Title,
        ["severity"] = m => m.Severity,
        ["status"] = m => m.Status,
        ["run_id"] = m => m.RunId,
        ["scenario"] = m => m.Scenario,
        ["started_at"] = m => m.StartedAt,
        ["elapsed"] = m => m.Elapsed,
        ["elapsed_minutes"] = m => m.ElapsedMinutes,
        ["phases"] = m => m.Phases,
        ["current_phase"] = m => m.CurrentPhase,
        ["eta"] = m => m.Eta,
        ["eta_minutes"] = m => m.EtaMinutes,
        ["next_update"] = m => m.NextUpdate,
        ["contact"] = m => m.Contact,
        ["services"] = m => m.Services,
        ["reason"] = m => m.Reason,
        ["workaround"] = m => m.Workaround,
    };

    /// <summary>Names on each item of <c>phases</c>: the members of <see cref="MessagePhase"/>.</summary>
    public static readonly IReadOnlyDictionary<string, Func<MessagePhase, object>> Phase = new Dictionary<string, Func<MessagePhase, object>>(StringComparer.Ordinal)
    {
        ["name"] = p => p.Name,
        ["status"] = p => p.Status,
        ["budget"] = p => p.Budget,
        ["budget_minutes"] = p => p.BudgetMinutes,
        ["done"] = p => p.Done,
    };

    /// <summary>The built-in names Liquid gives every list (<c>phases.size</c>, <c>services.first</c>).</summary>
    public static readonly IReadOnlySet<string> ListMembers = new HashSet<string>(StringComparer.Ordinal) { "size", "first", "last" };

    /// <summary>The names of the two lists, and what their items are.</summary>
    public static readonly IReadOnlySet<string> Lists = new HashSet<string>(StringComparer.Ordinal) { "phases", "services" };
}
