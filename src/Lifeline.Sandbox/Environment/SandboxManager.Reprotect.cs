using System.Globalization;
using Lifeline.Providers.ProcessService;
using Npgsql;

namespace Lifeline.Sandbox.Environment;

internal sealed partial class SandboxManager
{
    /// <summary>
    /// Brings the old primary back after a failover, the only way it may come back: stopped, rewound onto the promoted
    /// standby's timeline with pg_rewind, and started as a streaming standby of it. Refused unless the standby is the
    /// primary now, so it can never produce a second writable primary.
    /// </summary>
    public async Task<SandboxResult<string>> ReprotectAsync(string directory, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(directory);
        var state = await ReadStateAsync(root, cancellationToken);
        if (state is null)
        {
            return SandboxResult<string>.Fail(NotASandbox(root));
        }

        var layout = new SandboxLayout(root);
        if (state.Topology.OfKind(Kinds.PostgresKind.Name).FirstOrDefault() is not { Primary: { } primaryMember } cluster)
        {
            return SandboxResult<string>.Fail("the sandbox has no postgres component to reprotect");
        }

        var primaryDb = Kinds.PostgresKind.Process(cluster, primaryMember);
        var primaryData = Kinds.PostgresKind.DataDirectory(layout, cluster, primaryMember);
        var superuserPassword = SandboxEnvironment.ReadSecret(Kinds.PostgresKind.SuperuserPasswordFile(layout, cluster.Name));
        var primary = state.Component(primaryDb);
        if (await PromotedBesideAsync(state, primary, cancellationToken) is not { } standbyDb)
        {
            return SandboxResult<string>.Fail($"no replica of {primaryDb} is a promoted primary, so there is nothing to reprotect {primaryDb} onto");
        }

        var standby = state.Component(standbyDb);
        var pgCtl = Path.Combine(SandboxPrerequisites.PostgresBin, "pg_ctl");
        var environment = new Dictionary<string, string> { ["HOME"] = layout.Home, ["PGPASSWORD"] = superuserPassword };
        if (DetachedProcess.IsOurs(primary.Pid, primary.Marker))
        {
            progress.Report($"stopping the old primary (pid {primary.Pid}) cleanly");
            var (stopped, stopOutput) = await SandboxCommand.RunAsync(pgCtl, ["stop", "-D", primaryData, "-m", "fast", "-w", "-t", "30"], state.RunAs, environment, cancellationToken);
            if (stopped != 0)
            {
                return SandboxResult<string>.Fail($"pg_ctl stop of the old primary failed: {SandboxCommand.LastLine(stopOutput)}");
            }
        }
        else
        {
            await ClearStalePostmasterAsync(primary, cancellationToken);
        }

        // pg_rewind reads the source's timeline from its control file, which a promotion updates only at its next
        // checkpoint: without one it may answer "no rewind required" and leave the old primary on the old timeline (ADR 0026).
        try
        {
            await using var promoted = new NpgsqlConnection(SandboxPostgres.SuperuserConnection(standby.Port, superuserPassword));
            await promoted.OpenAsync(cancellationToken);
            await using var checkpoint = new NpgsqlCommand("checkpoint", promoted);
            await checkpoint.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (NpgsqlException exception)
        {
            return SandboxResult<string>.Fail($"checkpoint of {standbyDb} before pg_rewind failed: {exception.Message}");
        }

        progress.Report($"pg_rewind of {primaryDb} onto {standbyDb} ({standby.Endpoint})");
        var source = $"host=127.0.0.1 port={standby.Port.ToString(CultureInfo.InvariantCulture)} user={SandboxPostgres.Superuser} dbname=postgres";
        var (rewound, rewindOutput) = await SandboxCommand.RunAsync(
            Path.Combine(SandboxPrerequisites.PostgresBin, "pg_rewind"), ["--target-pgdata", primaryData, "--source-server", source], state.RunAs, environment, cancellationToken);
        if (rewound != 0)
        {
            return SandboxResult<string>.Fail($"pg_rewind failed: {SandboxCommand.LastLine(rewindOutput)}");
        }

        // pg_rewind copied the new primary's configuration; what makes this one a standby of it comes last and wins.
        var replicationPassword = SandboxEnvironment.ReadSecret(Kinds.PostgresKind.ReplicationPasswordFile(layout, cluster.Name));
        await File.AppendAllTextAsync(
            Path.Combine(primaryData, "postgresql.auto.conf"),
            $"primary_conninfo = 'host=127.0.0.1 port={standby.Port.ToString(CultureInfo.InvariantCulture)} user={SandboxPostgres.ReplicationUser} password={replicationPassword} application_name={primaryMember.Name}'\ndefault_transaction_read_only = off\n",
            cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(primaryData, "standby.signal"), "", cancellationToken);
        var spawn = await DetachedProcess.SpawnAsync(primary.Launch, time, cancellationToken);
        if (!spawn.Succeeded)
        {
            return SandboxResult<string>.Fail(spawn.Error!);
        }

        var restarted = primary with { Pid = spawn.Pid };
        await WriteStateAsync(state with { Components = [.. state.Components.Select(c => c.Name == primaryDb ? restarted : c)] }, cancellationToken);
        var postgres = new SandboxPostgres(layout, state.RunAs, time);
        if (await postgres.WaitReadyAsync(restarted, SandboxPostgres.SuperuserConnection(restarted.Port, superuserPassword), cancellationToken) is { } error)
        {
            return SandboxResult<string>.Fail(error);
        }

        await using var connection = new NpgsqlConnection(SandboxPostgres.SuperuserConnection(restarted.Port, superuserPassword));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select pg_is_in_recovery()", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is true
            ? SandboxResult<string>.Ok($"{primaryDb} (pid {restarted.Pid}) rejoined as a standby of {standbyDb} on {standby.Endpoint}")
            : SandboxResult<string>.Fail($"{primaryDb} started but is not in recovery; stop it: lifeline sandbox down");
    }
}
