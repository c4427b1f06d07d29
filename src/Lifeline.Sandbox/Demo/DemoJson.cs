using System.Text.Json.Serialization;

namespace Lifeline.Sandbox.Demo;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(DemoReport))]
internal sealed partial class DemoJson : JsonSerializerContext;
