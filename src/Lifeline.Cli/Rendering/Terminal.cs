using Spectre.Console;

namespace Lifeline.Cli.Rendering;

/// <summary>
/// Where output goes. Reports go to stdout; progress goes to stdout for people, or to stderr when stdout carries JSON,
/// so `--output json | jq` always sees clean JSON.
/// </summary>
internal static class Terminal
{
    public static readonly IAnsiConsole Out = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });

    public static readonly IAnsiConsole Error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    public static IAnsiConsole Progress(bool json) => json ? Error : Out;

    public static void Fail(string message) => Console.Error.WriteLine($"lifeline: {message}");
}
