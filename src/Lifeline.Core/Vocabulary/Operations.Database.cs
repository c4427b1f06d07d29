using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.FieldDescriptor;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Core.Vocabulary;

public static partial class Operations
{
    /// <summary>What every database provider offers (postgres in the sandbox, aws-rds in production).</summary>
    public static class Database
    {
        public static readonly ProbeDescriptor Status = new(
            "database.status",
            "Role, reachability and replication state of one database member, with the settings that decide how often an idle primary's keepalives reach a standby.",
            [Optional("timeout", ParameterType.Duration, "A member that does not answer within this is unreachable (default: the provider's connect timeout).")],
            [Flag("reachable", "Whether a connection succeeded."),
             Flag("writable", "Whether the member accepts writes (primary and not read-only)."),
             Flag("in_recovery", "Whether the member is a standby; empty when unreachable."),
             Text("role", "primary, standby or unknown."),
             Whole("lag_bytes", "Replay lag in bytes; empty when unknown."),
             Decimal("lag_seconds", "Replay lag in seconds; empty when unknown."),
             Text("replication_state", "The replication state, e.g. streaming; empty when unknown."),
             Decimal("last_wal_receipt_age_s", "Seconds since the standby last received a message (WAL or keepalive) from its primary; empty when unknown."),
             Decimal("standby_reply_age_s", "On a primary: seconds since its standby's last status reply; empty when unknown."),
             Whole("wal_receiver_timeout_ms", "The standby's wal_receiver_timeout in milliseconds."),
             Whole("wal_sender_timeout_ms", "The member's wal_sender_timeout in milliseconds."),
             Decimal("wal_receiver_status_interval_s", "The standby's wal_receiver_status_interval in seconds.")]);

        public static readonly OperationDescriptor Fence = new(
            "database.fence",
            "Keep an old primary from taking writes, then check it: a write from a new connection must be refused. Fails when the fence does not hold or the method is unavailable for the binding.",
            [Optional("accept-unreachable", ParameterType.Boolean, "block and advisory: treat an unreachable old primary as fenced (the plan accepts the risk)."),
             Optional("method", ParameterType.String, "demote (default: restart as a standby), stop, block (reject every role but replication and monitoring), or advisory (a read-only default any client undoes; never fenced).")],
            [Flag("fenced", "Whether the member is fenced."),
             Text("method", "How it was fenced."),
             Flag("reachable", "Whether the member could be reached."),
             Flag("verified", "Whether a write from a new connection was attempted after the fence."),
             Flag("holds", "Whether that write was refused: the fence holds against any client."),
             Text("evidence", "What the verification saw.")],
            Idempotent: true);

        public static readonly OperationDescriptor Promote = new(
            "database.promote",
            "Promote a standby to primary and wait until it accepts writes.",
            [Optional("wait", ParameterType.Duration, "How long to wait for promotion (default 60s).")],
            [Text("endpoint", "host:port of the new primary."),
             Text("host", "Host of the new primary."),
             Whole("port", "Port of the new primary."),
             Text("promoted_at", "When promotion finished (ISO 8601).")],
            Idempotent: true);

        public static readonly OperationDescriptor BaselineCapture = new(
            "database.baseline-capture",
            "Record row counts per table and the latest audit_logs.created_at, to verify against after recovery.",
            [Optional("tables", ParameterType.String, "Comma-separated tables (default patients,studies,audit_logs)."),
             Optional("file", ParameterType.String, "Where to write the baseline JSON.")],
            [Text("baseline", "The baseline JSON."),
             Text("file", "Where it was written; empty when not written.")],
            Idempotent: true);

        public static readonly OperationDescriptor BaselineVerify = new(
            "database.baseline-verify",
            "Compare current row counts and the latest audit_logs.created_at with a captured baseline; fails on any loss.",
            [Required("baseline", ParameterType.String, "The baseline JSON, or @path to a file holding it.")],
            [Flag("verified", "Whether nothing was lost."),
             Text("detail", "Counts compared.")],
            Idempotent: true);

        public static readonly Capability Capability = new(
            "database",
            "Database members: role and replication state, fencing, promotion, data baselines.",
            [Fence, Promote, BaselineCapture, BaselineVerify],
            [Status]);
    }
}
