using System.Text.Json.Serialization;

namespace Lifeline.Engine.Incidents;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(IncidentImpact))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IncidentView))]
[JsonSerializable(typeof(IReadOnlyList<Incident>))]
[JsonSerializable(typeof(IncidentAcknowledgement))]
public sealed partial class IncidentJson : JsonSerializerContext;
