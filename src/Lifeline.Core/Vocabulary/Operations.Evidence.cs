namespace Lifeline.Core.Vocabulary;

public static partial class Operations
{
    /// <summary>The output whose text the engine attaches to the run's timeline (and so to its incident) as evidence.</summary>
    public const string EvidenceOutput = "evidence";

    /// <summary>Whether an operation gathers evidence: its <see cref="EvidenceOutput"/> is recorded as an evidence event when it succeeds.</summary>
    public static bool GathersEvidence(string operation) =>
        operation == AuditLog.Lookup.Name || operation == Log.Search.Name
        // Forensic snapshots: what was taken and its content hash belong on the incident's record.
        || operation == Database.Snapshot.Name || operation == Volume.Snapshot.Name;
}
