using System.CommandLine;

namespace Lifeline.Cli.Hosting;

/// <summary>Options every command understands.</summary>
internal static class GlobalOptions
{
    public const string DefaultStatePath = ".lifeline/state.db";

    public static readonly Option<string?> State = new("--state")
    {
        Description = $"Run state database (default: $LIFELINE_STATE or {DefaultStatePath}).",
        Recursive = true,
    };

    public static readonly Option<string> Output = new("--output", "-o")
    {
        Description = "Report format: text or json.",
        DefaultValueFactory = _ => "text",
        Recursive = true,
    };

    public static readonly Option<string?> Server = new("--server")
    {
        Description = "Talk to lifeline serve at this URL instead of the state file (default: $LIFELINE_SERVER).",
        Recursive = true,
    };

    public static readonly Option<string?> Token = new("--token")
    {
        Description = "API token for --server (default: $LIFELINE_TOKEN); see lifeline users token.",
        Recursive = true,
    };

    static GlobalOptions() => Output.AcceptOnlyFromAmong("text", "json");

    public static bool Json(ParseResult parse) => parse.GetValue(Output) == "json";

    public static string StatePath(ParseResult parse) =>
        parse.GetValue(State) ?? Environment.GetEnvironmentVariable("LIFELINE_STATE") ?? DefaultStatePath;
}
