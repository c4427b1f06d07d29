using System.CommandLine;

namespace Lifeline.Cli.Remote;

/// <summary>Which commands go to the server when <c>--server</c> is set, which never need one, and a one-line refusal for the rest.</summary>
internal static class RemoteCommands
{
    /// <summary>Commands that talk to the server instead of the state file.</summary>
    public static readonly IReadOnlySet<string> Supported = new HashSet<string>(StringComparer.Ordinal)
    {
        "run", "runs list", "runs show", "runs approve", "runs reject", "runs retry", "runs mark-done", "runs abort", "runs resume",
        "incident list", "incident show", "audit verify",
    };

    /// <summary>Commands that read only files or build their own sandbox, so a server changes nothing for them.</summary>
    private static readonly HashSet<string> Local = new(StringComparer.Ordinal)
    {
        "", "validate", "schema", "plan", "serve", "sandbox", "audit keygen", "readiness", "schedule",
    };

    /// <summary>Why this command cannot run against the server named by <c>--server</c> or <c>$LIFELINE_SERVER</c>; null when it can (or none is named).</summary>
    public static string? Refusal(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (RemoteTarget.From(parse) is not { } target)
        {
            return null;
        }

        var path = PathOf(parse.CommandResult);
        if (Local.Contains(path) || Local.Contains(path.Split(' ')[0]))
        {
            return null;
        }

        return Supported.Contains(path)
            ? null
            : $"'lifeline {path}' works on the local state file only, not with a server ({target.Name}); drop --server and unset LIFELINE_SERVER to use it";
    }

    private static string PathOf(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (var current = result; current is not null && current.Parent is not null; current = current.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, current.Command.Name);
        }

        return string.Join(' ', names);
    }
}
