using System.Text.Json.Serialization;

namespace Lifeline.Engine.Calendar;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(DrillGrade))]
[JsonSerializable(typeof(IReadOnlyList<CalendarEntry>))]
[JsonSerializable(typeof(CalendarSnapshot))]
internal sealed partial class CalendarJson : JsonSerializerContext;
