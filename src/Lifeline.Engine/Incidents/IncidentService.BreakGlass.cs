namespace Lifeline.Engine.Incidents;

public sealed partial class IncidentService
{
    /// <summary>
    /// Break-glass on a gate raises a P1: a new incident naming who broke the glass, on which run and step, and why,
    /// with the run linked so its timeline shows the rest.
    /// </summary>
    public async Task<Incident> RaiseBreakGlassAsync(string runId, string stepId, string scenario, string by, string reason, CancellationToken cancellationToken)
    {
        var (incident, error) = await OpenAsync($"Break-glass: {by} approved {stepId} of run {runId}", "P1", scenario, by, null, false, null, cancellationToken);
        if (incident is null)
        {
            throw new InvalidOperationException(error);
        }

        await NoteAsync(incident.Id, by, $"break-glass reason: {reason}", null, cancellationToken);
        var (linked, _) = await LinkRunAsync(incident.Id, runId, by, cancellationToken);
        return linked ?? incident;
    }
}
