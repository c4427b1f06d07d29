using System.Text.Json.Serialization;

namespace Lifeline.Engine.Readiness;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(ReadinessReport))]
internal sealed partial class ReadinessJson : JsonSerializerContext;
