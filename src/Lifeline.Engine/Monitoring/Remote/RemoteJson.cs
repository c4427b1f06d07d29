using System.Text.Json.Serialization;

namespace Lifeline.Engine.Monitoring.Remote;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ObservationBatch))]
internal sealed partial class RemoteJson : JsonSerializerContext;
