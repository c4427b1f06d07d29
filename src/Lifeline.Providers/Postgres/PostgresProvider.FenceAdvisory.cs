using Lifeline.Core.Providers;

namespace Lifeline.Providers.Postgres;

/// <summary>
/// The advisory "fence": default_transaction_read_only, which any client overrides with BEGIN READ WRITE. Kept for
/// servers nothing else can reach, and always reported as not fenced.
/// </summary>
internal sealed partial class PostgresProvider
{
    private async Task<OperationOutcome> AdvisoryAsync(PostgresTarget target, IStepLog log, bool acceptUnreachable, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(target, cancellationToken);
            await ExecuteAsync(connection, "alter system set default_transaction_read_only = on", cancellationToken);
            await ScalarAsync<bool>(connection, "select pg_reload_conf()", cancellationToken);
            await WaitReadOnlyAsync(target, cancellationToken);
            var terminated = await ScalarAsync<long>(connection, TerminateClientsSql, cancellationToken);
            log.Write($"PostgreSQL at {target.Endpoint} defaults to read-only; terminated {terminated} client sessions; advisory only: a client's BEGIN READ WRITE still writes");
        }
        catch (Exception exception) when (PostgresFailure.IsUnreachable(exception) && !cancellationToken.IsCancellationRequested)
        {
            return Unreachable(target, FenceMethod.Advisory, exception, acceptUnreachable, log);
        }

        return await VerifiedAsync(target, FenceMethod.Advisory, true, log, cancellationToken);
    }

    private async Task WaitReadOnlyAsync(PostgresTarget target, CancellationToken cancellationToken)
    {
        // pg_reload_conf only signals the postmaster; new sessions see the setting once it has re-read the file.
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(10);
        while (time.GetUtcNow() < deadline)
        {
            await using var probe = await OpenAsync(target, cancellationToken);
            if (await ScalarAsync<string>(probe, "select current_setting('default_transaction_read_only')", cancellationToken) == "on")
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        }
    }
}
