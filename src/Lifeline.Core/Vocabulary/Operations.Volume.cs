using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.FieldDescriptor;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Core.Vocabulary;

public static partial class Operations
{
    /// <summary>Block storage volumes (aws-ec2 EBS volumes in production).</summary>
    public static class Volume
    {
        public static readonly OperationDescriptor Snapshot = new(
            "volume.snapshot",
            "Start a point-in-time snapshot of a volume (a forensic copy); the copy is consistent from this moment while it completes. Not idempotent: each run takes another snapshot.",
            [Optional("description", ParameterType.String, "A description, e.g. Forensic snapshot of incident 42.")],
            [Text("snapshot", "The snapshot id."),
             Text("state", "Its state, e.g. pending or completed."),
             Text("started_at", "When it was started (ISO 8601)."),
             Text("sha256", "The content hash of the snapshot, where the provider holds its bytes (an archive file); empty otherwise."),
             Text(EvidenceOutput, "What was taken, where, and its content hash: recorded on the incident as evidence.")],
            Idempotent: false);

        public static readonly Capability Capability = new("volume", "Block storage volumes: snapshots for evidence and recovery.", [Snapshot], []);
    }
}
