using Npgsql;

namespace Lifeline.Sandbox.Demo;

/// <summary>
/// A client at the old primary's site that keeps writing to it after a partition: it connects over the primary's Unix
/// socket, which the site cut leaves alone (a host's own clients are not cut off), inserts a row every 20 ms and records
/// when each insert was acknowledged. The writes it got acknowledged once the DR database was writable are what a split
/// brain would have accepted; the goal is none.
/// </summary>
internal sealed class DemoStubbornClient : IAsyncDisposable
{
    public const string Table = "lifeline_demo_stubborn";
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);
    private readonly List<DateTimeOffset> _acknowledged = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeProvider _time;
    private readonly Task _writing;
    private bool _stopped;

    private DemoStubbornClient(string connectionString, TimeProvider time)
    {
        _time = time;
        _writing = Task.Run(() => WriteAsync(connectionString, _stop.Token));
    }

    /// <summary>The connection string of the primary's Unix socket in <paramref name="socketDirectory"/>.</summary>
    public static string ConnectionString(string socketDirectory, string port, string database, string user) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = socketDirectory,
            Port = int.Parse(port, System.Globalization.CultureInfo.InvariantCulture),
            Database = database,
            Username = user,
            Pooling = false,
            Timeout = 1,
            CommandTimeout = 1,
        }.ConnectionString;

    /// <summary>Creates the client's table on the primary (before the fault, so the standby has it too).</summary>
    public static async Task CreateTableAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"create table if not exists {Table} (id bigserial primary key, at timestamptz not null default clock_timestamp())", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static DemoStubbornClient Start(string connectionString, TimeProvider time) => new(connectionString, time);

    /// <summary>Stops writing; then the counts below are final. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _stop.CancelAsync();
        await _writing;
        _stop.Dispose();
    }

    public int AcknowledgedSince(DateTimeOffset moment)
    {
        lock (_acknowledged)
        {
            return _acknowledged.Count(a => a >= moment);
        }
    }

    public DateTimeOffset? LastAcknowledged
    {
        get
        {
            lock (_acknowledged)
            {
                return _acknowledged.Count == 0 ? null : _acknowledged[^1];
            }
        }
    }

    private async Task WriteAsync(string connectionString, CancellationToken cancellationToken)
    {
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

                    await using var insert = new NpgsqlCommand($"insert into {Table} default values", connection);
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                    lock (_acknowledged)
                    {
                        _acknowledged.Add(_time.GetUtcNow());
                    }
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
                {
                    // Refused, read-only or stopped: a fresh connection on the next attempt, as a stubborn client would.
                    if (connection is not null)
                    {
                        await connection.DisposeAsync();
                    }

                    connection = null;
                }

                await Task.Delay(Pause, _time, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
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
