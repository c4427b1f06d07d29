using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lifeline.Providers.NotifyLog;

/// <summary>One line of the notify-log file.</summary>
internal sealed record NotifyLogEntry(
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("to")] string To,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("step_id")] string StepId)
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.General);
}
