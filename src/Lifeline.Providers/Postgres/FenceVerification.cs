using System.Net.Sockets;
using Npgsql;

namespace Lifeline.Providers.Postgres;

/// <summary>
/// The check every fence ends with: a new connection asks for a read-write transaction and writes, as a client that
/// ignores every hint would. Only the server's refusal (or no server at all) counts as fenced.
/// </summary>
internal static class FenceVerification
{
    private const string WriteSql = """
        begin read write;
        create temp table lifeline_fence_check (id int);
        insert into lifeline_fence_check values (1);
        rollback;
        """;

    public static async Task<FenceVerdict> CheckAsync(PostgresTarget target, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(target.ConnectionString(commandTimeoutSeconds: 5));
            await connection.OpenAsync(cancellationToken);
            try
            {
                await using var command = new NpgsqlCommand(WriteSql, connection);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException pg) when (pg.SqlState == "0A000")
            {
                // A standby answers BEGIN READ WRITE with "feature not supported"; only recovery makes that a refusal.
                await using var recovery = new NpgsqlCommand("select pg_is_in_recovery()", connection);
                if (await recovery.ExecuteScalarAsync(cancellationToken) is true)
                {
                    return new FenceVerdict(true, true, $"verified: a new connection's write was refused ({pg.MessageText}, SQLSTATE {pg.SqlState})");
                }

                throw;
            }

            return new FenceVerdict(false, true, "a new connection's BEGIN READ WRITE; CREATE TEMP TABLE; INSERT succeeded: the server takes writes");
        }
        catch (PostgresException pg) when (pg.SqlState is "25006" or "28000" or "57P01" or "57P02" or "57P03")
        {
            return new FenceVerdict(true, true, $"verified: a new connection's write was refused ({pg.MessageText}, SQLSTATE {pg.SqlState})");
        }
        catch (NpgsqlException npgsql) when (Refused(npgsql) && !cancellationToken.IsCancellationRequested)
        {
            return new FenceVerdict(true, true, "verified: a new connection was refused (no server listening)");
        }
        catch (Exception exception) when (PostgresFailure.IsExpected(exception) && !cancellationToken.IsCancellationRequested)
        {
            var (message, _) = PostgresFailure.Describe(target, exception);
            return new FenceVerdict(false, false, $"could not verify: {message}");
        }
    }

    private static bool Refused(Exception exception)
    {
        for (var e = (Exception?)exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }
}
