using Lifeline.Core.Providers;

namespace Lifeline.Providers.Postgres;

/// <summary>The fences that act on the server's host through its data directory: demote and stop.</summary>
internal sealed partial class PostgresProvider
{
    private async Task<OperationOutcome> DemoteAsync(PostgresTarget target, IStepLog log, CancellationToken cancellationToken)
    {
        var host = new PostgresHost(target);
        var reachable = false;
        try
        {
            await using var connection = await OpenAsync(target, cancellationToken);
            reachable = true;
            if (await ScalarAsync<bool>(connection, "select pg_is_in_recovery()", cancellationToken))
            {
                log.Write($"PostgreSQL at {target.Endpoint} is already a standby");
                return await VerifiedAsync(target, FenceMethod.Demote, reachable, log, cancellationToken);
            }
        }
        catch (Exception exception) when (PostgresFailure.IsUnreachable(exception) && !cancellationToken.IsCancellationRequested)
        {
            log.Write($"{PostgresFailure.Describe(target, exception).Message}; demoting it through its data directory");
        }

        // standby.signal first: whoever starts this server next, it comes up as a standby.
        if (await host.TouchAsync("standby.signal", cancellationToken) is { } touchError)
        {
            return OperationOutcome.Failure($"postgres: demote of {target.Endpoint}: {touchError}");
        }

        switch (host.Running())
        {
            case true:
                var (exitCode, output) = await host.PgCtlAsync(["restart", "-m", "fast", "-w", "-t", "60", "-l", host.RestartLog], cancellationToken);
                if (exitCode != 0)
                {
                    return OperationOutcome.Failure($"PostgreSQL at {target.Endpoint}: pg_ctl restart as a standby failed: {output}", transient: true);
                }

                log.Write($"PostgreSQL at {target.Endpoint} restarted as a standby (standby.signal in {host.DataDirectory})");
                break;
            case false:
                log.Write($"PostgreSQL at {target.Endpoint} is not running; standby.signal is in {host.DataDirectory}, so it starts as a standby");
                break;
            default:
                return OperationOutcome.Failure($"postgres: demote of {target.Endpoint}: could not tell whether the server in {host.DataDirectory} runs (no readable postmaster.pid)", transient: true);
        }

        return await VerifiedAsync(target, FenceMethod.Demote, reachable, log, cancellationToken);
    }

    private async Task<OperationOutcome> StopAsync(PostgresTarget target, IStepLog log, CancellationToken cancellationToken)
    {
        var host = new PostgresHost(target);
        var running = host.Running();
        if (running == false)
        {
            log.Write($"PostgreSQL at {target.Endpoint} is not running (data directory {host.DataDirectory})");
            return await VerifiedAsync(target, FenceMethod.Stop, false, log, cancellationToken);
        }

        var (exitCode, output) = await host.PgCtlAsync(["stop", "-m", "fast", "-w", "-t", "30"], cancellationToken);
        if (exitCode != 0 && !output.Contains("Is server running?", StringComparison.Ordinal))
        {
            return OperationOutcome.Failure($"PostgreSQL at {target.Endpoint}: pg_ctl stop failed: {output}", transient: true);
        }

        log.Write($"PostgreSQL at {target.Endpoint} stopped ({output})");
        return await VerifiedAsync(target, FenceMethod.Stop, running == true, log, cancellationToken);
    }
}
