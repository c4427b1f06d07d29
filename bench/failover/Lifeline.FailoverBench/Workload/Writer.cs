using Npgsql;

namespace Lifeline.FailoverBench.Workload;

/// <summary>
/// The workload: inserts ids 1, 2, 3 … into <c>bench_writes</c> at a steady rate on whichever node is the writable
/// primary (found by asking each node <c>pg_is_in_recovery()</c>), recording each acknowledged id with the
/// timestamp of its acknowledgement. A failed insert is retried with the same id on the primary found next; a
/// unique violation then means the earlier attempt committed without an acknowledgement, which is not counted.
/// </summary>
internal sealed class Writer : IAsyncDisposable
{
    public const string Schema = "CREATE TABLE bench_writes (id bigint PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp());"
        + "CREATE TABLE bench_probe (id bigserial PRIMARY KEY, note text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp());"
        + "CREATE TABLE bench_stubborn (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp());";

    private readonly List<(long Id, long At)> _acknowledged = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly IReadOnlyList<int> _ports;
    private readonly TimeSpan _interval;

    private Writer(IReadOnlyList<int> ports, int rate)
    {
        _ports = ports;
        _interval = TimeSpan.FromSeconds(1.0 / rate);
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    public static Writer Start(IReadOnlyList<int> ports, int rate) => new(ports, rate);

    /// <summary>Acknowledged (id, timestamp) pairs so far, in order.</summary>
    public IReadOnlyList<(long Id, long At)> Acknowledged
    {
        get
        {
            lock (_acknowledged)
            {
                return [.. _acknowledged];
            }
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    /// <summary>How many acknowledged ids are missing from the primary on <paramref name="port"/>.</summary>
    public async Task<int> CountLostAsync(int port, CancellationToken cancellationToken)
    {
        var present = new HashSet<long>();
        await using var connection = await Postgres.OpenAsync(port, cancellationToken, commandTimeoutS: 30, connectTimeoutS: 15);
        await using var command = new NpgsqlCommand("SELECT id FROM bench_writes", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            present.Add(reader.GetInt64(0));
        }

        return Acknowledged.Count(a => !present.Contains(a.Id));
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        NpgsqlConnection? connection = null;
        NpgsqlCommand? insert = null;
        var id = 1L;
        var next = time.GetTimestamp();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var wait = time.GetElapsedTime(time.GetTimestamp(), next);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }

                try
                {
                    if (connection is null)
                    {
                        var primary = await Postgres.OpenPrimaryAsync(_ports, cancellationToken);
                        if (primary is null)
                        {
                            await Task.Delay(50, cancellationToken);
                            next = time.GetTimestamp();
                            continue;
                        }

                        connection = primary.Value.Connection;
                        insert = new NpgsqlCommand("INSERT INTO bench_writes (id) VALUES ($1)", connection) { Parameters = { new() { Value = id } } };
                    }

                    insert!.Parameters[0].Value = id;
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                    lock (_acknowledged)
                    {
                        _acknowledged.Add((id, time.GetTimestamp()));
                    }

                    id++;
                    next += (long)(_interval.TotalSeconds * time.TimestampFrequency);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
                {
                    id++;
                }
                catch (Exception e) when (Postgres.IsTransportFailure(e) && !cancellationToken.IsCancellationRequested)
                {
                    if (insert is not null)
                    {
                        await insert.DisposeAsync();
                    }

                    if (connection is not null)
                    {
                        await connection.DisposeAsync();
                    }

                    (insert, connection) = (null, null);
                    next = time.GetTimestamp();
                }
            }
        }
        finally
        {
            if (insert is not null)
            {
                await insert.DisposeAsync();
            }

            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
