using Npgsql;

namespace Lifeline.FailoverBench.Workload;

/// <summary>
/// A client that can still reach the old primary after a partition and keeps writing to it: it connects over the old
/// primary's Unix socket (which the cut does not cover) and inserts into <c>bench_stubborn</c> as fast as it can, pausing
/// 20 ms between attempts, recording the time of each acknowledged insert. Writes it gets acknowledged after the new
/// primary became writable are writes a split brain accepted.
/// </summary>
internal sealed class StubbornWriter : IAsyncDisposable
{
    private readonly List<long> _acknowledged = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private StubbornWriter(string socketDirectory, int port) => _loop = Task.Run(() => RunAsync(socketDirectory, port, _stop.Token));

    public static StubbornWriter Start(string socketDirectory, int port) => new(socketDirectory, port);

    /// <summary>Acknowledged writes at or after <paramref name="timestamp"/> (a <see cref="TimeProvider"/> timestamp).</summary>
    public int AcknowledgedSince(long timestamp)
    {
        lock (_acknowledged)
        {
            return _acknowledged.Count(a => a >= timestamp);
        }
    }

    /// <summary>The timestamp of the last acknowledged write, if any.</summary>
    public long? LastAcknowledged
    {
        get
        {
            lock (_acknowledged)
            {
                return _acknowledged.Count == 0 ? null : _acknowledged[^1];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync(string socketDirectory, int port, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = socketDirectory,
            Port = port,
            Username = "postgres",
            Password = Postgres.Password,
            Database = "postgres",
            Pooling = false,
            Timeout = 1,
            CommandTimeout = 1,
        }.ConnectionString;
        NpgsqlConnection? connection = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    if (connection is null)
                    {
                        connection = new NpgsqlConnection(connectionString);
                        await connection.OpenAsync(cancellationToken);
                    }

                    await using var insert = new NpgsqlCommand("INSERT INTO bench_stubborn DEFAULT VALUES", connection);
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                    lock (_acknowledged)
                    {
                        _acknowledged.Add(time.GetTimestamp());
                    }
                }
                catch (Exception e) when (Postgres.IsTransportFailure(e))
                {
                    // Refused (read-only, stopped, shutting down): a fresh connection next time.
                    if (connection is not null)
                    {
                        await connection.DisposeAsync();
                    }

                    connection = null;
                }

                await Task.Delay(20, cancellationToken);
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
