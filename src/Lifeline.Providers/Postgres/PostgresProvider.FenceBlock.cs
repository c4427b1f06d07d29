using System.Globalization;
using Lifeline.Core.Providers;
using Npgsql;

namespace Lifeline.Providers.Postgres;

/// <summary>
/// The block fence: pg_hba.conf rejects every role except replication and the binding's <c>monitor-user</c>, the server
/// reloads it, and the sessions already open are ended. The original file is kept beside it for a deliberate unblock.
/// </summary>
internal sealed partial class PostgresProvider
{
    public const string BlockedMarker = "# lifeline fence: block";

    private async Task<OperationOutcome> BlockAsync(PostgresTarget target, IStepLog log, bool acceptUnreachable, long epoch, CancellationToken cancellationToken)
    {
        if (target.MonitorUser is { } monitorUser && string.Equals(monitorUser, target.User, StringComparison.Ordinal))
        {
            return OperationOutcome.Failure($"postgres: fence method block lets 'monitor-user' in and checks itself as 'user'; they must differ (both are '{monitorUser}')");
        }

        NpgsqlConnection connection;
        try
        {
            connection = await OpenAsync(target, cancellationToken);
        }
        catch (PostgresException pg) when (pg.SqlState == "28000")
        {
            // Its pg_hba.conf already rejects this role: blocked before (a wrong password is 28P01, and not a fence).
            log.Write($"PostgreSQL at {target.Endpoint} already rejects {target.User}: {pg.MessageText}");
            return await VerifiedAsync(target, FenceMethod.Block, true, log, cancellationToken);
        }
        catch (Exception exception) when (PostgresFailure.IsUnreachable(exception) && !cancellationToken.IsCancellationRequested)
        {
            return Unreachable(target, FenceMethod.Block, exception, acceptUnreachable, log);
        }

        await using (connection)
        {
            var hbaFile = await ScalarAsync<string>(connection, "show hba_file", cancellationToken);
            if (!File.Exists(hbaFile))
            {
                return OperationOutcome.Failure($"postgres: fence method block is unavailable for {target.Endpoint}: its pg_hba.conf ({hbaFile}) is not on this machine; nothing was fenced");
            }

            var original = await File.ReadAllTextAsync(hbaFile, cancellationToken);
            var backup = hbaFile + ".lifeline-unblocked";
            if (!original.Contains(BlockedMarker, StringComparison.Ordinal) && !File.Exists(backup))
            {
                await File.WriteAllTextAsync(backup, original, cancellationToken);
            }

            var header = string.Create(CultureInfo.InvariantCulture, $"{BlockedMarker} (epoch {epoch}, {time.GetUtcNow():u}); the original is {backup}");
            await File.WriteAllTextAsync(hbaFile, HbaBlock.Rewrite(original, target.MonitorUser, header), cancellationToken);
            if (!await ScalarAsync<bool>(connection, "select pg_reload_conf()", cancellationToken))
            {
                return OperationOutcome.Failure($"PostgreSQL at {target.Endpoint} did not reload its pg_hba.conf", transient: true);
            }

            // The postmaster re-reads pg_hba.conf when it handles the signal; end the sessions only once new ones are refused.
            await WaitRejectedAsync(target, cancellationToken);
            var terminated = await ScalarAsync<long>(connection, TerminateClientsSql, cancellationToken);
            log.Write($"PostgreSQL at {target.Endpoint} rejects every role but replication{(target.MonitorUser is { } m ? $" and {m}" : "")} ({hbaFile}); terminated {terminated} client sessions");
        }

        return await VerifiedAsync(target, FenceMethod.Block, true, log, cancellationToken);
    }

    private async Task WaitRejectedAsync(PostgresTarget target, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(10);
        while (time.GetUtcNow() < deadline)
        {
            try
            {
                await using var probe = await OpenAsync(target, cancellationToken);
            }
            catch (PostgresException pg) when (pg.SqlState == "28000")
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), time, cancellationToken);
        }
    }
}
