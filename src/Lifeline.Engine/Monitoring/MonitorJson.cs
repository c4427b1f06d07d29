using System.Text.Json.Serialization;

namespace Lifeline.Engine.Monitoring;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(MonitorEvent))]
[JsonSerializable(typeof(MonitorStatus))]
public sealed partial class MonitorJson : JsonSerializerContext;
