using System.CommandLine;
using Lifeline.Cli.Hosting;

namespace Lifeline.Cli.Remote;

/// <summary>
/// The server a command talks to (<c>--server</c> or <c>$LIFELINE_SERVER</c>) and the API token it sends (<c>--token</c>
/// or <c>$LIFELINE_TOKEN</c>). <see cref="Server"/> is null when <see cref="Name"/> is not an http(s) URL.
/// </summary>
internal sealed record RemoteTarget(string Name, Uri? Server, string? Token)
{
    /// <summary>The server named on the command line or in the environment; null when the command works on the local state file.</summary>
    public static RemoteTarget? From(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var name = Blank(parse.GetValue(GlobalOptions.Server)) ?? Blank(Environment.GetEnvironmentVariable("LIFELINE_SERVER"));
        if (name is null)
        {
            return null;
        }

        var token = Blank(parse.GetValue(GlobalOptions.Token)) ?? Blank(Environment.GetEnvironmentVariable("LIFELINE_TOKEN"));
        name = name.TrimEnd('/');
        var server = Uri.TryCreate(name + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;
        return new RemoteTarget(name, server, token);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
