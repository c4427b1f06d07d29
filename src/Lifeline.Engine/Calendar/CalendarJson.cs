using System.Text.Json.Serialization;

namespace Lifeline.Engine.Calendar;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(DrillGrade))]
[JsonSerializable(typeof(IReadOnlyList<CalendarEntry>))]
internal sealed partial class CalendarJson : JsonSerializerContext;
