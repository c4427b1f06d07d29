using Npgsql;

namespace Lifeline.FailoverBench.Workload;

/// <summary>Connections to a benchmark node: no pooling (each failure is seen), 1 s connect timeout.</summary>
internal static class Postgres
{
    public const string Password = "bench";

    public static string ConnectionString(int port, int commandTimeoutS = 2, int connectTimeoutS = 1) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Password = Password,
            Database = "postgres",
            Pooling = false,
            Timeout = connectTimeoutS,
            CommandTimeout = commandTimeoutS,
        }.ConnectionString;

    public static async Task<NpgsqlConnection> OpenAsync(int port, CancellationToken cancellationToken, int commandTimeoutS = 2, int connectTimeoutS = 1)
    {
        var connection = new NpgsqlConnection(ConnectionString(port, commandTimeoutS, connectTimeoutS));
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The first of <paramref name="ports"/> whose server is a writable primary, connected; null if none is.</summary>
    public static async Task<(NpgsqlConnection Connection, int Port)?> OpenPrimaryAsync(IReadOnlyList<int> ports, CancellationToken cancellationToken)
    {
        foreach (var port in ports)
        {
            NpgsqlConnection? connection = null;
            try
            {
                connection = await OpenAsync(port, cancellationToken);
                await using var command = new NpgsqlCommand("SELECT pg_is_in_recovery()", connection);
                if (await command.ExecuteScalarAsync(cancellationToken) is false)
                {
                    return (connection, port);
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // Down, starting or stopped: try the next node.
            }

            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }

        return null;
    }

    public static async Task ExecuteAsync(int port, string sql, CancellationToken cancellationToken)
    {
        // Setup, not measurement: a busy machine may take more than the workload's 1 s to open a first connection.
        await using var connection = await OpenAsync(port, cancellationToken, commandTimeoutS: 30, connectTimeoutS: 15);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static bool IsTransportFailure(Exception e) =>
        e is NpgsqlException or TimeoutException or InvalidOperationException or IOException;
}
