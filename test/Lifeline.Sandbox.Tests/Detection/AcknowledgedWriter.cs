using System.Collections.Concurrent;
using Npgsql;

namespace Lifeline.Sandbox.Tests.Detection;

/// <summary>
/// A client that keeps inserting numbered rows into one server and remembers each insert the server acknowledged, and
/// when. With <c>reconnect</c> it keeps trying a server that went away, as a stale client pinned to an old primary would.
/// </summary>
#pragma warning disable CA1001 // The stop source is cancelled, never disposed, so a second DisposeAsync stays harmless.
internal sealed class AcknowledgedWriter(string connectionString, bool reconnect, long firstId = 1) : IAsyncDisposable
#pragma warning restore CA1001
{
    public const string Table = "trial_writes";
    private readonly CancellationTokenSource _stop = new();
    private Task _writing = Task.CompletedTask;

    /// <summary>Each acknowledged insert: when its acknowledgement arrived (<c>At</c>) and when it was sent (<c>SentAt</c>).</summary>
    public ConcurrentQueue<(long Id, DateTimeOffset At, DateTimeOffset SentAt)> Acknowledged { get; } = new();

    /// <summary>Every attempt the server (or the way to it) turned down, and when: what a client kept out by a fence sees.</summary>
    public ConcurrentQueue<(DateTimeOffset At, string Error)> Refused { get; } = new();

    public static async Task CreateTableAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(OneShot(connectionString));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"create table if not exists {Table} (id bigint primary key, at timestamptz not null default now())", connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<long> CountPresentAsync(string connectionString, IReadOnlyList<long> ids)
    {
        await using var connection = new NpgsqlConnection(OneShot(connectionString));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select count(*) from {Table} where id = any(@ids)", connection);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// The set-up and the count connect once, to a server that is up: the writer's short connect timeout, right for a
    /// client that should notice a dead server, is not theirs (a busy host's connection can take more than 2 s).
    /// </summary>
    private static string OneShot(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 30, CommandTimeout = 30 }.ConnectionString;

    public void Start() => _writing = Task.Run(WriteAsync);

    private async Task WriteAsync()
    {
        var next = firstId;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(_stop.Token);
                while (!_stop.IsCancellationRequested)
                {
                    await using var command = new NpgsqlCommand($"insert into {Table} (id) values (@id)", connection);
                    command.Parameters.AddWithValue("id", next);
                    var sentAt = TimeProvider.System.GetUtcNow();
                    await command.ExecuteNonQueryAsync(_stop.Token);
                    Acknowledged.Enqueue((next, TimeProvider.System.GetUtcNow(), sentAt));
                    next++;
                    await Task.Delay(5, _stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                Refused.Enqueue((TimeProvider.System.GetUtcNow(), ex.Message));
                next++;
                if (!reconnect)
                {
                    return;
                }

                try
                {
                    await Task.Delay(20, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await _writing;
    }
}
