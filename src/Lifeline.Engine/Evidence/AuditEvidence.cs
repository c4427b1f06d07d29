using Lifeline.Engine.Audit;

namespace Lifeline.Engine.Evidence;

/// <summary>The audit trail's verification (chain and checkpoints, as <c>lifeline audit verify</c>) and its latest signed checkpoint.</summary>
internal sealed record AuditEvidence(AuditVerifyReport Verification, AuditCheckpoint? LatestCheckpoint);
