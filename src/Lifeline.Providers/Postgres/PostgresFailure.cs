using System.Net.Sockets;
using Npgsql;

namespace Lifeline.Providers.Postgres;

/// <summary>Turns Npgsql's exceptions into one line naming the server, and a transience verdict.</summary>
internal static class PostgresFailure
{
    public static (string Message, bool Transient) Describe(PostgresTarget target, Exception exception)
    {
        switch (exception)
        {
            case PostgresException pg:
                var transient = pg.IsTransient || pg.SqlState is "57P01" or "57P02" or "57P03" or "25006" or "08006";
                return ($"PostgreSQL at {target.Endpoint}: {pg.MessageText} (SQLSTATE {pg.SqlState})", transient);
            case NpgsqlException npgsql when Find<SocketException>(npgsql) is { } socket:
                return ($"PostgreSQL at {target.Endpoint} is unreachable: {SocketText(socket)}", true);
            case NpgsqlException npgsql when Find<TimeoutException>(npgsql) is not null:
                return ($"PostgreSQL at {target.Endpoint} is unreachable: no answer within 2 s", true);
            case NpgsqlException npgsql:
                return ($"PostgreSQL at {target.Endpoint} is unreachable: {Innermost(npgsql).Message}", true);
            case TimeoutException:
                return ($"PostgreSQL at {target.Endpoint} is unreachable: no answer within 2 s", true);
            case SocketException socket:
                return ($"PostgreSQL at {target.Endpoint} is unreachable: {SocketText(socket)}", true);
            default:
                return ($"PostgreSQL at {target.Endpoint}: {exception.Message}", false);
        }
    }

    /// <summary>Whether the exception means "could not reach the server" rather than "the server said no".</summary>
    public static bool IsUnreachable(Exception exception) => exception is NpgsqlException and not PostgresException || exception is TimeoutException or SocketException;

    /// <summary>Whether the server did not answer in time: on a busy host a live server can; a refusal is definite.</summary>
    public static bool IsTimeout(Exception exception) =>
        exception is TimeoutException || (exception is NpgsqlException and not PostgresException && Find<TimeoutException>(exception) is not null);

    public static bool IsExpected(Exception exception) => exception is NpgsqlException or TimeoutException or SocketException or IOException;

    private static string SocketText(SocketException socket) => socket.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.TimedOut => "connection timed out",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "host unreachable",
        SocketError.ConnectionReset => "connection reset",
        _ => socket.Message,
    };

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (var e = (Exception?)exception; e is not null; e = e.InnerException)
        {
            if (e is T match)
            {
                return match;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception exception)
    {
        var e = exception;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
