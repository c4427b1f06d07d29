using System.Text.Json.Serialization;

namespace Lifeline.Providers;

[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class ProviderJson : JsonSerializerContext;
