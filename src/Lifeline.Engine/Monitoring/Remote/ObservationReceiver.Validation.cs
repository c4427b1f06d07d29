using System.Text.Json;

namespace Lifeline.Engine.Monitoring.Remote;

/// <summary>What a report must be before it counts: well-formed JSON, a vantage name, and observations of known resources.</summary>
public sealed partial class ObservationReceiver
{
    private const string Shape = "expected {\"vantage\": NAME, \"observations\": [{\"resource\": NAME, \"healthy\": true|false, \"fields\": {...}, \"detail\": TEXT}, ...]}";

    private (ObservationBatch? Batch, string? Problem) Parse(byte[] body)
    {
        ObservationBatch? batch;
        try
        {
            batch = JsonSerializer.Deserialize(body, RemoteJson.Default.ObservationBatch);
        }
        catch (JsonException ex)
        {
            return (null, $"the report is not valid JSON ({ex.Message}); {Shape}");
        }

        if (batch is null)
        {
            return (null, $"the report is empty; {Shape}");
        }

        if (AgentCredentialStore.NameProblem(batch.Vantage) is { } problem)
        {
            return (null, $"{problem}; {Shape}");
        }

        if (batch.Observations is null || batch.Observations.Count == 0)
        {
            return (null, $"the report has no observations; {Shape}");
        }

        if (batch.Observations.Count > monitor.Calls.Count)
        {
            return (null, $"the report has {batch.Observations.Count} observations; expected at most one per monitor probe ({monitor.Calls.Count})");
        }

        foreach (var observation in batch.Observations)
        {
            if (observation is null || string.IsNullOrEmpty(observation.Resource))
            {
                return (null, $"an observation has no resource; {Shape}");
            }

            if (!_resources.Contains(observation.Resource))
            {
                var name = observation.Resource.Length <= 80 ? observation.Resource : observation.Resource[..60] + "…";
                return (null, $"unknown resource '{name}'; expected one of {string.Join(", ", _resources.Order(StringComparer.Ordinal))}");
            }
        }

        return (batch, null);
    }
}
