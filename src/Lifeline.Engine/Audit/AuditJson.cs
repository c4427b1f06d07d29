using System.Text.Json.Serialization;

namespace Lifeline.Engine.Audit;

/// <summary>JSON for exported records (one per line) and verification results; snake_case like the run reports.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(AuditRecord))]
[JsonSerializable(typeof(AuditVerification))]
[JsonSerializable(typeof(AuditVerifyReport))]
[JsonSerializable(typeof(AuditCheckpoint))]
internal sealed partial class AuditJson : JsonSerializerContext;
