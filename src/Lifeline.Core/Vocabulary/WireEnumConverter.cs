using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lifeline.Core.Vocabulary;

/// <summary>Writes every enum as its <see cref="WireName"/>, and reads it (and older spellings) back.</summary>
public sealed class WireEnumConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter?)Activator.CreateInstance(typeof(Of<>).MakeGenericType(typeToConvert));

    private sealed class Of<T> : JsonConverter<T>
        where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && WireName.TryParse<T>(reader.GetString(), out var value)
                ? value
                : throw new JsonException($"expected one of {string.Join(", ", WireName.All<T>())}");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(WireName.Of(value));

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            WireName.TryParse<T>(reader.GetString(), out var value) ? value : throw new JsonException($"expected one of {string.Join(", ", WireName.All<T>())}");

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WritePropertyName(WireName.Of(value));
    }
}
