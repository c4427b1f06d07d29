using System.Text.Json.Serialization;

namespace Lifeline.Engine.Scheduling;

[JsonSerializable(typeof(SourcesSnapshot))]
internal sealed partial class EngineJson : JsonSerializerContext;
