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
             Decimal("standby_reply_age_s", "On a primary: seconds since a streaming standby last replied (only the binding's remote-standbys, when set); empty when unknown or none streams."),
             Whole("wal_receiver_timeout_ms", "The standby's wal_receiver_timeout in milliseconds."),
             Whole("wal_sender_timeout_ms", "The member's wal_sender_timeout in milliseconds."),
             Decimal("wal_receiver_status_interval_s", "The standby's wal_receiver_status_interval in seconds.")]);

        public static readonly OperationDescriptor Fence = new(
            "database.fence",
            "Keep an old primary from taking writes, then check it: a write from a new connection must be refused. Fails when the fence does not hold or the method is unavailable for the binding.",
            [Optional("accept-unreachable", ParameterType.Boolean, "block and advisory: treat an unreachable old primary as fenced (the plan accepts the risk)."),
             Optional("method", ParameterType.String, "demote (default: restart as a standby), stop, block (reject every role but replication and monitoring), or advisory (a read-only default any client undoes; never fenced). On RDS: block revokes the application security group's ingress and reboots to end open sessions; stop revokes it and stops the instance.")],
            [Flag("fenced", "Whether the member is fenced."),
             Text("method", "How it was fenced."),
             Flag("reachable", "Whether the member could be reached."),
             Flag("verified", "Whether a write from a new connection was attempted after the fence."),
             Flag("holds", "Whether that write was refused: the fence holds against any client."),
             Text("evidence", "What the verification saw."),
             Text("lsn", "The fenced member's last WAL position, read after the fence (postgres demote or stop; aws-rds block, over SQL once the reboot has ended every session); what a standby must have replayed before a planned switchover promotes it. Empty when it could not be read.")],
            Idempotent: true);

        public static readonly OperationDescriptor Promote = new(
            "database.promote",
            "Promote a standby to primary and wait until it accepts writes.",
            [Optional("wait", ParameterType.Duration, "How long to wait for promotion (default 60s)."),
             Optional("after-lsn", ParameterType.String, "A planned switchover: promote only once this standby has replayed WAL up to this position (the fenced primary's lsn output), waiting up to wait; fails without promoting when it does not, or when the position is empty (unknown).")],
            [Text("endpoint", "host:port of the new primary."),
             Text("host", "Host of the new primary."),
             Whole("port", "Port of the new primary."),
             Text("promoted_at", "When promotion finished (ISO 8601).")],
            Idempotent: true);

        public static readonly OperationDescriptor Reprotect = new(
            "database.reprotect",
            "Bring a failed-over old primary back as a standby of the promoted database (the binding's upstream), so the promoted side's changes reach it and a planned switchover can return to it. postgres: stop it, pg_rewind it onto the upstream's timeline, start it as a streaming standby. aws-rds: create a cross-region read replica of the upstream. Refused while the upstream is not a writable primary, so it never makes a second one. Idempotent: a member already following the upstream is only waited for.",
            [Optional("wait", ParameterType.Duration, "How long to wait until it streams from (or, on RDS, is an available replica of) the upstream (default 60s; on RDS the provider's waiter).")],
            [Text("upstream", "The member it now follows."),
             Text("role", "Its role afterwards: standby."),
             Text("replication_state", "Its replication state afterwards, e.g. streaming; empty when unknown."),
             Flag("rewound", "Whether its data had to be rewound (postgres) or recreated (aws-rds) to follow the upstream.")],
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
            [Required("baseline", ParameterType.String, "The baseline JSON, or @path to a file holding it."),
             Optional("acknowledged-at", ParameterType.String, "When the newest audit row known to be written at the old primary was written (ISO 8601), if later than the baseline's.")],
            [Flag("verified", "Whether nothing was lost."),
             Text("detail", "Counts compared."),
             Text("latest_audit_at", "The newest audit_logs.created_at here (ISO 8601); empty when there is none."),
             Decimal("rpo_audit_s", "The audit-log recovery point: seconds by which the newest audit row here is older than the newest known at the old primary (the baseline's, or acknowledged-at); 0 when none is missing.")],
            Idempotent: true);

        public static readonly OperationDescriptor RebootFailover = new(
            "database.reboot-failover",
            "Fail a Multi-AZ primary over to its standby in the same region (reboot with failover) and wait until it is available again. Not idempotent: each run is another failover.",
            [Optional("wait", ParameterType.Duration, "How long to wait for the instance to be available (default: the provider's waiter).")],
            [Text("endpoint", "host:port of the instance after failover."),
             Text("host", "Host of the instance after failover."),
             Whole("port", "Port of the instance after failover."),
             Text("zone", "Availability zone of the primary after failover."),
             Text("previous_zone", "Availability zone of the primary before failover."),
             Text("failed_over_at", "When it was available again (ISO 8601).")],
            Idempotent: false);

        public static readonly OperationDescriptor RestoreToTime = new(
            "database.restore-to-time",
            "Restore the target's data as it was at a point in time into a new instance, and wait until it is available. Idempotent: a restored instance of that name is waited for, not restored again.",
            [Required("instance", ParameterType.String, "Identifier of the new instance."),
             Optional("time", ParameterType.String, "The point in time (ISO 8601, UTC); default, or latest: the latest restorable time."),
             Optional("instance-class", ParameterType.String, "Instance class of the new instance (default: the source's)."),
             Optional("subnet-group", ParameterType.String, "DB subnet group of the new instance."),
             Optional("security-groups", ParameterType.String, "Comma-separated VPC security group ids of the new instance.")],
            [Text("instance", "Identifier of the new instance."),
             Text("endpoint", "host:port of the new instance."),
             Text("host", "Host of the new instance."),
             Whole("port", "Port of the new instance."),
             Text("restored_to", "The point in time restored to, or latest.")],
            Idempotent: true);

        public static readonly OperationDescriptor RestoreSnapshot = new(
            "database.restore-snapshot",
            "Create a new instance from a snapshot of the target (by default its latest available one) and wait until it is available. Idempotent: a restored instance of that name is waited for, not restored again.",
            [Required("instance", ParameterType.String, "Identifier of the new instance."),
             Optional("snapshot", ParameterType.String, "Snapshot identifier (default: the target's latest available snapshot)."),
             Optional("instance-class", ParameterType.String, "Instance class of the new instance."),
             Optional("subnet-group", ParameterType.String, "DB subnet group of the new instance."),
             Optional("security-groups", ParameterType.String, "Comma-separated VPC security group ids of the new instance.")],
            [Text("instance", "Identifier of the new instance."),
             Text("snapshot", "The snapshot restored."),
             Text("endpoint", "host:port of the new instance."),
             Text("host", "Host of the new instance."),
             Whole("port", "Port of the new instance.")],
            Idempotent: true);

        public static readonly OperationDescriptor Snapshot = new(
            "database.snapshot",
            "Take a snapshot of the target (a forensic or pre-change copy) and wait until it is available. Idempotent: a snapshot of that name is waited for, not taken again.",
            [Required("name", ParameterType.String, "Snapshot identifier, e.g. forensic-20261201-0930."),
             Optional("wait", ParameterType.Boolean, "Wait until the snapshot is available (default true).")],
            [Text("snapshot", "The snapshot identifier."),
             Text("status", "Its status, e.g. available or creating."),
             Text("created_at", "When it was taken (ISO 8601); empty while creating."),
             Text("sha256", "The content hash of the snapshot, where the provider holds its bytes (a dump file); empty otherwise."),
             Text(EvidenceOutput, "What was taken, where, and its content hash: recorded on the incident as evidence.")],
            Idempotent: true);

        public static readonly ProbeDescriptor Snapshots = new(
            "database.snapshots",
            "The target's snapshots (or its cluster's, with cluster): how many are available, and the latest one with its age, to verify a restore point exists before restoring.",
            [Optional("cluster", ParameterType.String, "A DB cluster identifier: list the cluster's snapshots instead of the instance's.")],
            [Whole("count", "Available snapshots."),
             Text("latest", "Identifier of the latest available snapshot; empty when none."),
             Text("latest_at", "When it was taken (ISO 8601); empty when none."),
             Decimal("latest_age_s", "Its age in seconds; empty when none.")]);

        public static readonly ProbeDescriptor Events = new(
            "database.events",
            "Recent events of the target (failovers, reboots, restores), newest last, to follow a failover.",
            [Optional("duration", ParameterType.Duration, "How far back to look (default 60m).")],
            [Whole("count", "Events in the window."),
             Text("latest", "The latest event's message; empty when none."),
             Text("latest_at", "When it happened (ISO 8601); empty when none."),
             Flag("failover_completed", "Whether a failover completed in the window.")]);

        public static readonly Capability Capability = new(
            "database",
            "Database members: role and replication state, fencing, promotion, reprotection, failover, restores, snapshots, data baselines.",
            [Fence, Promote, Reprotect, BaselineCapture, BaselineVerify, RebootFailover, RestoreToTime, RestoreSnapshot, Snapshot],
            [Status, Snapshots, Events]);
    }
}
