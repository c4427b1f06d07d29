using System.Text.Json.Serialization;
using Lifeline.Engine.DryRun;

namespace Lifeline.Engine.Reports;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RunReport))]
[JsonSerializable(typeof(DryRunReport))]
[JsonSerializable(typeof(IReadOnlyList<RunReport>))]
public sealed partial class ReportJson : JsonSerializerContext;
