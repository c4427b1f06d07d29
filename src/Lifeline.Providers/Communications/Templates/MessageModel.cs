using System.Globalization;

namespace Lifeline.Providers.Communications.Templates;

/// <summary>
/// The only data a message template can see. Every member is a plain string, number or list of them; the
/// <see cref="TemplateCatalog"/> lets templates read exactly these members (see <see cref="MessageModelMembers"/>).
/// </summary>
public sealed record MessageModel(
    string Title,
    string Severity,
    string Status,
    string RunId,
    string Scenario,
    string StartedAt,
    string Elapsed,
    int ElapsedMinutes,
    IReadOnlyList<MessagePhase> Phases,
    string CurrentPhase,
    string Eta,
    int EtaMinutes,
    string NextUpdate,
    string Contact,
    IReadOnlyList<string> Services)
{
    /// <summary>Why the message goes out; empty when the step gives no reason.</summary>
    public string Reason { get; init; } = "";

    /// <summary>What users can do meanwhile; empty when the step gives no workaround.</summary>
    public string Workaround { get; init; } = "";

    private const string TimeFormat = "yyyy-MM-dd HH:mm 'UTC'";

    /// <summary>
    /// Builds the model at <paramref name="now"/>: elapsed since the start, ETA = now + the budgets of the phases not yet
    /// done, next update = now + the update interval.
    /// </summary>
    public static MessageModel From(IncidentFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var remaining = facts.Phases.Where(p => p.State != PhaseState.Done).Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Budget);
        var elapsed = now - facts.StartedAt;
        if (elapsed < TimeSpan.Zero)
            elapsed = TimeSpan.Zero;
        var phases = facts.Phases
            .Select(p => new MessagePhase(p.Name, StatusText(p.State), Duration(p.Budget), (int)Math.Ceiling(p.Budget.TotalMinutes), p.State == PhaseState.Done))
            .ToList();
        var current = facts.Phases.FirstOrDefault(p => p.State == PhaseState.Running) ?? facts.Phases.FirstOrDefault(p => p.State == PhaseState.Pending);
        return new MessageModel(
            facts.Title, facts.Severity, facts.Status, facts.RunId, facts.Scenario,
            Time(facts.StartedAt), Duration(elapsed), (int)elapsed.TotalMinutes,
            phases, current?.Name ?? "", Time(now + remaining), (int)Math.Ceiling(remaining.TotalMinutes),
            Time(now + facts.UpdateInterval), facts.Contact, [.. facts.Services])
        {
            Reason = facts.Reason,
            Workaround = facts.Workaround,
        };
    }

    private static string StatusText(PhaseState state) => state switch
    {
        PhaseState.Done => "done",
        PhaseState.Running => "running",
        _ => "pending",
    };

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan span)
    {
        var hours = (int)span.TotalHours;
        return hours > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{hours}h {span.Minutes}m")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m");
    }
}
