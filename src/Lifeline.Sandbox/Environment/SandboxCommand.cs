using Lifeline.Providers.ProcessService;
using Lifeline.Providers.Tools;

namespace Lifeline.Sandbox.Environment;

/// <summary>Runs a short command to completion (initdb, pg_basebackup, apt-get), optionally as the sandbox user.</summary>
internal static class SandboxCommand
{
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName, IReadOnlyList<string> arguments, RunAsUser? runAs, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken) =>
        await ToolProcess.RunAsync(fileName, arguments, environment, cancellationToken, runAs);

    public static string LastLine(string text) => ToolProcess.LastLine(text);

    public static string LogTail(string path)
    {
        try
        {
            // A server that failed to start logs why (PostgreSQL: FATAL, e.g. a port it could not bind) before its last
            // line, which is only "database system is shut down".
            var text = File.ReadAllText(path);
            var cause = text.Split('\n').FirstOrDefault(l => l.Contains("FATAL:", StringComparison.Ordinal) || l.Contains("PANIC:", StringComparison.Ordinal));
            return cause is null ? LastLine(text) : $"{cause.Trim()} … {LastLine(text)}";
        }
        catch (IOException)
        {
            return "no log";
        }
    }
}
