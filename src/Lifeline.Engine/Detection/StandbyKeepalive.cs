using System.Globalization;
using Lifeline.Engine.Monitoring;

namespace Lifeline.Engine.Detection;

/// <summary>
/// How long an idle but healthy primary can leave its standby without any message (WAL or keepalive), from the
/// replication settings the postgres probe reports. A standby's "no message for the window" is evidence that the
/// primary is gone only when this period is well inside the window; otherwise an idle primary looks like a dead one.
/// </summary>
/// <remarks>
/// PostgreSQL 15 sends keepalives to an idle standby on two paths. The standby's WAL receiver pings the primary after
/// <c>wal_receiver_timeout / 2</c> without a message, and the walsender answers with a keepalive at once. The walsender
/// pings on its own after <c>wal_sender_timeout / 2</c> without a reply, but the standby's status reports (every
/// <c>wal_receiver_status_interval</c>) reset that clock, so that path only works when those reports are rarer. The
/// WAL receiver checks its timers every 100 ms.
/// </remarks>
public static class StandbyKeepalive
{
    public const string ReceiverTimeoutField = "wal_receiver_timeout_ms";
    public const string SenderTimeoutField = "wal_sender_timeout_ms";
    public const string StatusIntervalField = "wal_receiver_status_interval_s";

    private static readonly TimeSpan ReceiverNaptime = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest a healthy standby goes without a message, or null when its settings do not bound it (or were not reported).</summary>
    public static TimeSpan? Period(Observation standby, Observation? primary)
    {
        TimeSpan? period = null;
        if (Number(standby, ReceiverTimeoutField) is > 0 and var receiverTimeout)
        {
            period = TimeSpan.FromMilliseconds(receiverTimeout / 2) + ReceiverNaptime;
        }

        var statusInterval = Number(standby, StatusIntervalField);
        if (primary is not null && Number(primary, SenderTimeoutField) is > 0 and var senderTimeout
            && statusInterval is { } status && (status <= 0 || senderTimeout / 2 < status * 1000))
        {
            var bySender = TimeSpan.FromMilliseconds(senderTimeout / 2) + ReceiverNaptime;
            period = period is { } p && p < bySender ? p : bySender;
        }

        return period;
    }

    /// <summary>Whether a reported "last message N s ago" can be trusted as silence over <paramref name="window"/>: keepalives arrive at least twice per window.</summary>
    public static bool Trusted(Observation standby, Observation? primary, TimeSpan window) =>
        Period(standby, primary) is { } period && period * 2 <= window;

    /// <summary>One line per setting that keeps the standby from confirming an outage of <paramref name="window"/> by silence; empty when none.</summary>
    public static IReadOnlyList<string> Problems(string standby, Observation standbyObservation, string? primary, Observation? primaryObservation, TimeSpan window)
    {
        if (Trusted(standbyObservation, primaryObservation, window))
        {
            return [];
        }

        var most = window - ReceiverNaptime * 2;
        var wanted = most > TimeSpan.Zero ? Core.Time.DurationText.Format(most) : "a value below the window";
        var tail = $"so an idle primary's keepalives may reach it less than twice per {Core.Time.DurationText.Format(window)} window, and only a disconnected WAL receiver confirms the primary is gone";
        if (Number(standbyObservation, ReceiverTimeoutField) is not { } receiver)
        {
            return [$"{standby}: cannot read wal_receiver_timeout (is it PostgreSQL?); {tail}"];
        }

        var problems = new List<string>
        {
            receiver <= 0
                ? $"{standby}: wal_receiver_timeout is 0 (disabled), {tail}; set it to at most {wanted} (ALTER SYSTEM SET wal_receiver_timeout = '{wanted}'; SELECT pg_reload_conf())"
                : $"{standby}: wal_receiver_timeout is {Core.Time.DurationText.Format(TimeSpan.FromMilliseconds(receiver))}, {tail}; set it to at most {wanted} (ALTER SYSTEM SET wal_receiver_timeout = '{wanted}'; SELECT pg_reload_conf())",
        };
        if (primary is not null && primaryObservation is not null && Number(primaryObservation, SenderTimeoutField) is { } sender)
        {
            problems.Add($"{primary}: wal_sender_timeout is {(sender <= 0 ? "0 (disabled)" : Core.Time.DurationText.Format(TimeSpan.FromMilliseconds(sender)))}, which does not make up for it (its keepalives come every wal_sender_timeout / 2, and only when rarer than the standby's wal_receiver_status_interval)");
        }

        return problems;
    }

    private static double? Number(Observation observation, string field) =>
        double.TryParse(observation.Field(field), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
