using System.CommandLine;
using Microsoft.Data.Sqlite;

namespace Lifeline.Cli.Hosting;

/// <summary>
/// The last line of defence between an exception and a user: one line that says what is wrong, never a stack trace.
/// Problems with what the user gave (the state file, other files) exit 2; anything else is ours and exits 1.
/// </summary>
internal static class CliErrors
{
    public static (string Message, int ExitCode) Describe(Exception exception, ParseResult parse)
    {
        var inner = exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : exception;
        return inner switch
        {
            SqliteException sqlite => ($"the state database {GlobalOptions.StatePath(parse)} cannot be used: {SqliteReason(sqlite)}; expected a Lifeline state file (see --state or LIFELINE_STATE)", ExitCodes.BadInput),
            UnauthorizedAccessException denied => ($"permission denied: {FirstLine(denied.Message)}", ExitCodes.BadInput),
            IOException io => (FirstLine(io.Message), ExitCodes.BadInput),
            _ => ($"{FirstLine(inner.Message)} (set LIFELINE_DEBUG=1 for details)", ExitCodes.RunFailed),
        };
    }

    private static string SqliteReason(SqliteException sqlite)
    {
        // "SQLite Error 14: 'unable to open database file'." → "unable to open database file"
        var message = FirstLine(sqlite.Message);
        var quoted = message.IndexOf('\'', StringComparison.Ordinal);
        return message.StartsWith("SQLite Error", StringComparison.Ordinal) && quoted > 0 ? message[(quoted + 1)..].TrimEnd('.', '\'') : message.TrimEnd('.');
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
