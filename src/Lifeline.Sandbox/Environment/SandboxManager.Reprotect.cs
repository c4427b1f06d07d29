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
        var superuserPassword = SandboxEnvironment.ReadSecret(state.SuperuserPasswordFile);
        if (!await StandbyPromotedAsync(state, superuserPassword, cancellationToken))
        {
            return SandboxResult<string>.Fail($"{StandbyDb} is not a promoted primary, so there is nothing to reprotect {PrimaryDb} onto");
        }

        var primary = state.Component(PrimaryDb);
        var standby = state.Component(StandbyDb);
        var pgCtl = Path.Combine(SandboxPrerequisites.PostgresBin, "pg_ctl");
        var environment = new Dictionary<string, string> { ["HOME"] = layout.Home, ["PGPASSWORD"] = superuserPassword };
        if (DetachedProcess.IsOurs(primary.Pid, primary.Marker))
        {
            progress.Report($"stopping the old primary (pid {primary.Pid}) cleanly");
            var (stopped, stopOutput) = await SandboxCommand.RunAsync(pgCtl, ["stop", "-D", layout.PrimaryData, "-m", "fast", "-w", "-t", "30"], state.RunAs, environment, cancellationToken);
            if (stopped != 0)
            {
                return SandboxResult<string>.Fail($"pg_ctl stop of the old primary failed: {SandboxCommand.LastLine(stopOutput)}");
            }
        }
        else
        {
            await ClearStalePostmasterAsync(primary, cancellationToken);
        }

        progress.Report($"pg_rewind of {PrimaryDb} onto {StandbyDb} ({standby.Endpoint})");
        var source = $"host=127.0.0.1 port={standby.Port.ToString(CultureInfo.InvariantCulture)} user={SandboxPostgres.Superuser} dbname=postgres";
        var (rewound, rewindOutput) = await SandboxCommand.RunAsync(
            Path.Combine(SandboxPrerequisites.PostgresBin, "pg_rewind"), ["--target-pgdata", layout.PrimaryData, "--source-server", source], state.RunAs, environment, cancellationToken);
        if (rewound != 0)
        {
            return SandboxResult<string>.Fail($"pg_rewind failed: {SandboxCommand.LastLine(rewindOutput)}");
        }

        // pg_rewind copied the new primary's configuration; what makes this one a standby of it comes last and wins.
        var replicationPassword = SandboxEnvironment.ReadSecret(state.ReplicationPasswordFile);
        await File.AppendAllTextAsync(
            Path.Combine(layout.PrimaryData, "postgresql.auto.conf"),
            $"primary_conninfo = 'host=127.0.0.1 port={standby.Port.ToString(CultureInfo.InvariantCulture)} user={state.ReplicationUser} password={replicationPassword} application_name={PrimaryDb}'\ndefault_transaction_read_only = off\n",
            cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(layout.PrimaryData, "standby.signal"), "", cancellationToken);
        var spawn = await DetachedProcess.SpawnAsync(primary.Launch, time, cancellationToken);
        if (!spawn.Succeeded)
        {
            return SandboxResult<string>.Fail(spawn.Error!);
        }

        var restarted = primary with { Pid = spawn.Pid };
        await WriteStateAsync(state with { Components = [.. state.Components.Select(c => c.Name == PrimaryDb ? restarted : c)] }, cancellationToken);
        var postgres = new SandboxPostgres(layout, state.RunAs, time);
        if (await postgres.WaitReadyAsync(restarted, SandboxPostgres.SuperuserConnection(restarted.Port, superuserPassword), cancellationToken) is { } error)
        {
            return SandboxResult<string>.Fail(error);
        }

        await using var connection = new NpgsqlConnection(SandboxPostgres.SuperuserConnection(restarted.Port, superuserPassword));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select pg_is_in_recovery()", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is true
            ? SandboxResult<string>.Ok($"{PrimaryDb} (pid {restarted.Pid}) rejoined as a standby of {StandbyDb} on {standby.Endpoint}")
            : SandboxResult<string>.Fail($"{PrimaryDb} started but is not in recovery; stop it: lifeline sandbox down");
    }
}
