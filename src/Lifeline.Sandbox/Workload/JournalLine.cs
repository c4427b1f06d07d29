using System.Text.Json.Serialization;

namespace Lifeline.Sandbox.Workload;

/// <summary>One line of the workload journal (JSONL): an acknowledged write or a failed request.</summary>
internal sealed record JournalLine(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("address")] string? Address,
    [property: JsonPropertyName("id")] long? Id = null,
    [property: JsonPropertyName("name")] string? Name = null,
    [property: JsonPropertyName("error")] string? Error = null);
