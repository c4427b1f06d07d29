using System.Text.Json.Serialization;

namespace Lifeline.Engine.Evidence;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(EvidenceReport))]
internal sealed partial class EvidenceJson : JsonSerializerContext;
