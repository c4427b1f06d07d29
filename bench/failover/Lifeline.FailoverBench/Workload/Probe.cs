using Lifeline.FailoverBench.Patroni;
using Npgsql;

namespace Lifeline.FailoverBench.Workload;

/// <summary>
/// Watches the surviving node after a fault, every 50 ms. <b>Writable</b>: an <c>INSERT</c> into <c>bench_probe</c>
/// commits on it. <b>Validated</b>: its Patroni REST API answers <c>GET /primary</c> with 200 (it holds the leader
/// lock and runs as primary) and a write+read round trip succeeds — a row inserted on one new connection is read back
/// on another.
/// </summary>
internal static class Probe
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public static async Task<double?> WaitWritableAsync(int port, long fault, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        NpgsqlConnection? connection = null;
        try
        {
            while (time.GetElapsedTime(fault) < timeout)
            {
                try
                {
                    connection ??= await Postgres.OpenAsync(port, cancellationToken, commandTimeoutS: 1);
                    await using var command = new NpgsqlCommand("INSERT INTO bench_probe (note) VALUES ('writable')", connection);
                    await command.ExecuteNonQueryAsync(cancellationToken);
                    return time.GetElapsedTime(fault).TotalSeconds;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ReadOnlySqlTransaction)
                {
                    // Still a standby.
                }
                catch (Exception e) when (Postgres.IsTransportFailure(e))
                {
                    if (connection is not null)
                    {
                        await connection.DisposeAsync();
                    }

                    connection = null;
                }

                await Task.Delay(Interval, cancellationToken);
            }

            return null;
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    public static async Task<double?> WaitValidatedAsync(int port, PatroniRest rest, long fault, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        while (time.GetElapsedTime(fault) < timeout)
        {
            if (await rest.IsPrimaryAsync(cancellationToken) && await RoundTripAsync(port, cancellationToken))
            {
                return time.GetElapsedTime(fault).TotalSeconds;
            }

            await Task.Delay(Interval, cancellationToken);
        }

        return null;
    }

    private static async Task<bool> RoundTripAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            long id;
            await using (var writer = await Postgres.OpenAsync(port, cancellationToken, commandTimeoutS: 1))
            {
                await using var insert = new NpgsqlCommand("INSERT INTO bench_probe (note) VALUES ('validated') RETURNING id", writer);
                id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
            }

            await using var reader = await Postgres.OpenAsync(port, cancellationToken, commandTimeoutS: 1);
            await using var select = new NpgsqlCommand("SELECT count(*) FROM bench_probe WHERE id = $1", reader) { Parameters = { new() { Value = id } } };
            return (long)(await select.ExecuteScalarAsync(cancellationToken))! == 1;
        }
        catch (Exception e) when (Postgres.IsTransportFailure(e))
        {
            return false;
        }
    }
}
