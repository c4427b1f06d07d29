using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Providers.Capabilities;

/// <summary>
/// What every database provider offers (postgres in the sandbox, aws-rds in production), so one plan runs on both.
/// </summary>
public static class DatabaseCapability
{
    public static readonly ProbeDescriptor Status = new(
        "database.status",
        "Role, reachability and replication state of one database member, with the settings that decide how often an idle primary's keepalives reach a standby.",
        [Optional("timeout", ParameterType.Duration, "A member that does not answer within this is unreachable (default: the provider's connect timeout).")],
        ["reachable", "writable", "in_recovery", "role", "lag_bytes", "lag_seconds", "replication_state", "last_wal_receipt_age_s", "standby_reply_age_s",
         "wal_receiver_timeout_ms", "wal_sender_timeout_ms", "wal_receiver_status_interval_s"]);

    public static readonly OperationDescriptor Fence = new(
        "database.fence",
        "Keep an old primary from taking writes, then check it: a write from a new connection must be refused. Fails when the fence does not hold or the method is unavailable for the binding.",
        [Optional("accept-unreachable", ParameterType.Boolean, "block and advisory: treat an unreachable old primary as fenced (the plan accepts the risk)."),
         Optional("method", ParameterType.String, "demote (default: restart as a standby), stop, block (reject every role but replication and monitoring), or advisory (a read-only default any client undoes; never fenced).")],
        ["fenced", "method", "reachable", "verified", "holds", "evidence"],
        Idempotent: true);

    public static readonly OperationDescriptor Promote = new(
        "database.promote",
        "Promote a standby to primary and wait until it accepts writes.",
        [Optional("wait", ParameterType.Duration, "How long to wait for promotion (default 60s).")],
        ["endpoint", "host", "port", "promoted_at"],
        Idempotent: true);

    public static readonly OperationDescriptor BaselineCapture = new(
        "database.baseline-capture",
        "Record row counts per table and the latest audit_logs.created_at, to verify against after recovery.",
        [Optional("tables", ParameterType.String, "Comma-separated tables (default patients,studies,audit_logs)."),
         Optional("file", ParameterType.String, "Where to write the baseline JSON.")],
        ["baseline", "file"],
        Idempotent: true);

    public static readonly OperationDescriptor BaselineVerify = new(
        "database.baseline-verify",
        "Compare current row counts and the latest audit_logs.created_at with a captured baseline; fails on any loss.",
        [Required("baseline", ParameterType.String, "The baseline JSON, or @path to a file holding it.")],
        ["verified", "detail"],
        Idempotent: true);

    public static readonly IReadOnlyList<OperationDescriptor> Operations = [Fence, Promote, BaselineCapture, BaselineVerify];

    public static readonly IReadOnlyList<ProbeDescriptor> Probes = [Status];
}
