using Lifeline.Core.Estates;

namespace Lifeline.Providers.Communications.Escalation;

/// <summary>
/// Decides who must be paged for each open incident: the policy's levels whose delay has passed since the incident opened
/// (a P1's top level at once), until someone acknowledges — acknowledgement stops escalation, and levels that fall due
/// later are never paged. Pure bookkeeping on <see cref="TimeProvider"/> time; the caller sends the pages.
/// </summary>
public sealed class EscalationTracker(EscalationPolicy policy, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, EscalationState> _incidents = new(StringComparer.Ordinal);

    /// <summary>Opens an incident now; opening one already open changes nothing and returns its state.</summary>
    public EscalationState Open(string incidentId, IncidentSeverity severity)
    {
        lock (_gate)
        {
            if (_incidents.TryGetValue(incidentId, out var existing))
                return existing;
            var state = new EscalationState(incidentId, severity, time.GetUtcNow(), null, null, []);
            _incidents[incidentId] = state;
            return state;
        }
    }

    /// <summary>Records the acknowledgement now; no level falls due after it. False when the incident is unknown.</summary>
    public bool Acknowledge(string incidentId, string by)
    {
        lock (_gate)
        {
            if (!_incidents.TryGetValue(incidentId, out var state))
                return false;
            if (state.AcknowledgedAt is null)
                _incidents[incidentId] = state with { AcknowledgedAt = time.GetUtcNow(), AcknowledgedBy = by };
            return true;
        }
    }

    /// <summary>Every level due for the incident now (or as of its acknowledgement), lowest first; empty when unknown.</summary>
    public IReadOnlyList<EscalationLevel> Due(string incidentId)
    {
        lock (_gate)
            return _incidents.TryGetValue(incidentId, out var state) ? DueFor(state) : [];
    }

    /// <summary>The levels due now that have not been returned before, marked paged: call it on a timer and page what it returns.</summary>
    public IReadOnlyList<EscalationLevel> TakeNewlyDue(string incidentId)
    {
        lock (_gate)
        {
            if (!_incidents.TryGetValue(incidentId, out var state))
                return [];
            var fresh = DueFor(state).Where(l => !state.PagedLevels.Contains(l.Level)).ToList();
            if (fresh.Count > 0)
                _incidents[incidentId] = state with { PagedLevels = [.. state.PagedLevels, .. fresh.Select(l => l.Level)] };
            return fresh;
        }
    }

    /// <summary>When the next level falls due, or null when the incident is acknowledged, unknown, or fully escalated.</summary>
    public DateTimeOffset? NextDueAt(string incidentId)
    {
        lock (_gate)
        {
            if (!_incidents.TryGetValue(incidentId, out var state) || state.AcknowledgedAt is not null)
                return null;
            return policy.NextAfter(time.GetUtcNow() - state.OpenedAt, state.Severity) is { } after ? state.OpenedAt + after : null;
        }
    }

    /// <summary>The incident's state, or null when unknown.</summary>
    public EscalationState? Find(string incidentId)
    {
        lock (_gate)
            return _incidents.GetValueOrDefault(incidentId);
    }

    private IReadOnlyList<EscalationLevel> DueFor(EscalationState state)
    {
        var asOf = state.AcknowledgedAt ?? time.GetUtcNow();
        return policy.DueAfter(asOf - state.OpenedAt, state.Severity);
    }
}
