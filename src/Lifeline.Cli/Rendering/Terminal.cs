using Spectre.Console;

namespace Lifeline.Cli.Rendering;

/// <summary>
/// Where output goes. Reports go to stdout; progress goes to stdout for people, or to stderr when stdout carries JSON,
/// so `--output json | jq` always sees clean JSON.
/// </summary>
internal static class Terminal
{
    public static readonly IAnsiConsole Out = Create(Console.Out, Console.IsOutputRedirected);

    public static readonly IAnsiConsole Error = Create(Console.Error, Console.IsErrorRedirected);

    public static IAnsiConsole Progress(bool json) => json ? Error : Out;

    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (redirected)
        {
            // A log file or a pipe has no width: never wrap progress lines into fragments.
            console.Profile.Width = 400;
        }

        return console;
    }

    public static void Fail(string message) => Console.Error.WriteLine($"lifeline: {message}");
}
