using System.Text.Json;
using Lifeline.Engine.Checkpoints;
using Lifeline.Engine.Secrets;

namespace Lifeline.Engine.Audit;

/// <summary>
/// What a caller appends: who did what, to which run, incident or step, with a JSON detail. The trail adds the
/// sequence, the time and the hashes. The detail is stored as given: redact secrets first, or use <c>Create</c>.
/// </summary>
public sealed record AuditEntry(string Actor, string Action, string? RunId, string? IncidentId, string? StepId, string Detail)
{
    /// <summary>An entry whose JSON <paramref name="detail"/> has every registered secret masked.</summary>
    /// <remarks>
    /// Masks the secret as it appears in the text. A secret containing a character JSON escapes (a quote, a backslash,
    /// a control character) appears escaped in JSON text and is not found; pass such details as key/value pairs with the
    /// other overload, which masks the values before they are encoded.
    /// </remarks>
    public static AuditEntry Create(string actor, string action, string detail, Redactor redactor, string? runId = null, string? incidentId = null, string? stepId = null)
    {
        ArgumentNullException.ThrowIfNull(redactor);
        return new AuditEntry(actor, action, runId, incidentId, stepId, redactor.Redact(detail));
    }

    /// <summary>An entry whose detail is a JSON object of <paramref name="detail"/>, values masked before encoding.</summary>
    public static AuditEntry Create(string actor, string action, IReadOnlyDictionary<string, string> detail, Redactor redactor, string? runId = null, string? incidentId = null, string? stepId = null)
    {
        ArgumentNullException.ThrowIfNull(redactor);
        var json = JsonSerializer.Serialize(redactor.Redact(detail), StoreJson.Default.IReadOnlyDictionaryStringString);
        return new AuditEntry(actor, action, runId, incidentId, stepId, json);
    }
}
