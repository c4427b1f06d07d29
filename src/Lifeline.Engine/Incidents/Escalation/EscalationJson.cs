using System.Text.Json.Serialization;

namespace Lifeline.Engine.Incidents.Escalation;

/// <summary>JSON for logged notices (one per line) and tick results; snake_case like the other reports.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(LoggedNotice))]
[JsonSerializable(typeof(EscalationTick))]
[JsonSerializable(typeof(IReadOnlyList<EscalationTick>))]
public sealed partial class EscalationJson : JsonSerializerContext;
