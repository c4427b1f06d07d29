using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Lifeline.Core.Providers;
using Lifeline.Providers.Inputs;
using Lifeline.Providers.ProcessService;
using Lifeline.Providers.Tools;

namespace Lifeline.Providers.PgBackRest;

internal sealed partial class PgBackRestProvider
{
    private static readonly TimeSpan PromotionWait = TimeSpan.FromMinutes(10);

    /// <summary>
    /// RDS restore-db-instance-to-point-in-time, with pgBackRest: the stanza restored into a new data directory under
    /// data-root, recovered to the time (or the end of the archive) and promoted, then started on a free port. The new
    /// instance never archives into the source's stanza: two writable databases pushing WAL to one stanza would fork its
    /// history. Idempotent: an instance of that name is started if stopped and reported, never restored again.
    /// </summary>
    private async Task<OperationOutcome> RestoreToTimeAsync(PgBackRestTarget target, OperationRequest request, CancellationToken cancellationToken)
    {
        var inputs = new InputReader(Name, "input", request.Inputs);
        var instance = inputs.Required("instance");
        var timeText = inputs.Optional("time");
        if (inputs.Error is { } inputError)
        {
            return OperationOutcome.Failure(inputError);
        }

        if (!InstanceName().IsMatch(instance))
        {
            return OperationOutcome.Failure($"{Name}: instance '{instance}' is not a usable name; expected lower-case letters, digits and '-', at most 63");
        }

        DateTimeOffset? pointInTime = null;
        if (timeText is not null && !string.Equals(timeText, "latest", StringComparison.OrdinalIgnoreCase))
        {
            if (!DateTimeOffset.TryParse(timeText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                return OperationOutcome.Failure($"{Name}: time '{timeText}' is not a point in time; expected ISO 8601, e.g. 2026-12-01T09:30:00Z, or latest");
            }

            pointInTime = parsed;
        }

        if (target.DataRoot is not { } dataRoot || !Directory.Exists(dataRoot))
        {
            return OperationOutcome.Failure($"{Name}: database.restore-to-time needs setting 'data-root', an existing directory on this machine for the new instance's data");
        }

        var data = Path.Combine(dataRoot, instance);
        var restoredTo = pointInTime?.ToString("O", CultureInfo.InvariantCulture) ?? "latest";
        int port;
        if (File.Exists(Path.Combine(data, "PG_VERSION")))
        {
            if (ConfiguredPort(data) is not { } existing)
            {
                return OperationOutcome.Failure($"{Name}: {data} holds a data directory this provider did not restore (no port in postgresql.auto.conf); choose another instance name");
            }

            port = existing;
            restoredTo = RecoveryTarget(data) ?? restoredTo;
            request.Context.Log.Write($"instance {instance} was restored before into {data}; not restoring again");
        }
        else
        {
            if (Directory.Exists(data) && Directory.EnumerateFileSystemEntries(data).Any())
            {
                return OperationOutcome.Failure($"{Name}: {data} exists and is not a data directory; remove it or choose another instance name");
            }

            // The WAL being written now is archived only when its segment fills: switching first makes every commit
            // up to now restorable. A source that is down cannot switch; the archive's end is then the limit.
            var (checkCode, checkOutput) = await RunAsync(target, ["check"], cancellationToken);
            request.Context.Log.Write(checkCode == 0
                ? $"pgbackrest check: the source's current WAL is archived"
                : $"pgbackrest check failed ({checkCode}): {LastLine(checkOutput)}; restoring from what the archive holds");

            port = FreePort(target.Host);
            List<string> restore = [$"--pg1-path={data}", "--target-action=promote"];
            restore.AddRange(pointInTime is { } at
                ? ["--type=time", $"--target={at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)}+00"]
                : ["--type=default"]);
            request.Context.Log.Write($"pgbackrest restore of stanza {target.Stanza} to {restoredTo} into {data}");
            var (restoreCode, restoreOutput) = await RunAsync(target, [.. restore, "restore"], cancellationToken);
            if (restoreCode != 0)
            {
                return OperationOutcome.Failure($"pgbackrest restore of stanza {target.Stanza} to {restoredTo} failed ({restoreCode}): {LastLine(restoreOutput)}");
            }

            var (appendCode, appendOutput) = await ToolProcess.RunAsOwnerAsync(data, "sh", ["-c", $"cat >> '{Path.Combine(data, "postgresql.auto.conf")}'" + " <<'EOF'\n" + InstanceSettings(target.Host, port) + "EOF\n"], null, cancellationToken);
            if (appendCode != 0)
            {
                return OperationOutcome.Failure($"{Name}: could not configure the new instance in {data}: {appendOutput}");
            }
        }

        if (!Running(data))
        {
            var log = Path.Combine(data, "lifeline-restore.log");
            request.Context.Log.Write($"starting instance {instance} on {target.Host}:{port.ToString(CultureInfo.InvariantCulture)} (recovery, then promotion)");
            var (startCode, startOutput) = await ToolProcess.RunAsOwnerAsync(data, Path.Combine(target.BinDirectory, "pg_ctl"), ["-D", data, "-l", log, "-w", "-t", "600", "start"], null, cancellationToken);
            if (startCode != 0)
            {
                return OperationOutcome.Failure($"{Name}: instance {instance} did not start ({startCode}): {LastLine(startOutput)}; its log: {Tail(log)}");
            }
        }

        if (await WaitInProductionAsync(target, data, cancellationToken) is { } waitError)
        {
            return OperationOutcome.Failure($"{Name}: instance {instance}: {waitError}", transient: true);
        }

        var endpoint = $"{target.Host}:{port.ToString(CultureInfo.InvariantCulture)}";
        request.Context.Log.Write($"instance {instance} restored to {restoredTo} and writable on {endpoint}");
        return OperationOutcome.Success(new Dictionary<string, string>
        {
            ["instance"] = instance,
            ["endpoint"] = endpoint,
            ["host"] = target.Host,
            ["port"] = port.ToString(CultureInfo.InvariantCulture),
            ["restored_to"] = restoredTo,
        });
    }

    /// <summary>
    /// What the new instance changes from the source's settings: its own port and address; no synchronous standby to wait
    /// for (the source's standbys do not follow it); no archiving into the source's stanza.
    /// </summary>
    private static string InstanceSettings(string host, int port) => $"""
        # lifeline: a point-in-time restore, a new instance
        port = {port.ToString(CultureInfo.InvariantCulture)}
        listen_addresses = '{host}'
        synchronous_standby_names = ''
        archive_mode = off
        primary_conninfo = ''

        """;

    /// <summary>Recovery ends with promotion: pg_controldata says "in production" once the instance takes writes.</summary>
    private async Task<string?> WaitInProductionAsync(PgBackRestTarget target, string data, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + PromotionWait;
        while (true)
        {
            var (code, output) = await ToolProcess.RunAsOwnerAsync(data, Path.Combine(target.BinDirectory, "pg_controldata"), [data], null, cancellationToken);
            var state = output.Split('\n').FirstOrDefault(l => l.StartsWith("Database cluster state:", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
            if (code == 0 && state == "in production")
            {
                return null;
            }

            if (!Running(data))
            {
                return $"stopped during recovery (cluster state {state ?? "unknown"}): {Tail(Path.Combine(data, "lifeline-restore.log"))}";
            }

            if (time.GetUtcNow() >= deadline)
            {
                return $"still {state ?? "unknown"} after {PromotionWait.TotalMinutes:0} min";
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken);
        }
    }

    private static bool Running(string data)
    {
        var pidFile = Path.Combine(data, "postmaster.pid");
        return File.Exists(pidFile)
            && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && DetachedProcess.IsOurs(pid, data);
    }

    private static int? ConfiguredPort(string data) =>
        Setting(data, "port") is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;

    private static string? RecoveryTarget(string data) => Setting(data, "recovery_target_time");

    /// <summary>The last value of a setting in postgresql.auto.conf (the last line wins, as for PostgreSQL).</summary>
    private static string? Setting(string data, string name)
    {
        var file = Path.Combine(data, "postgresql.auto.conf");
        return File.Exists(file)
            ? File.ReadLines(file).Select(l => l.Split('=', 2, StringSplitOptions.TrimEntries)).Where(p => p.Length == 2 && p[0] == name).Select(p => p[1].Trim('\'')).LastOrDefault()
            : null;
    }

    private static int FreePort(string host)
    {
        using var listener = new TcpListener(IPAddress.TryParse(host, out var address) ? address : IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Tail(string log) =>
        File.Exists(log) ? string.Join(" | ", File.ReadLines(log).TakeLast(3)) : $"(no log at {log})";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex InstanceName();
}
