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
            return LastLine(File.ReadAllText(path));
        }
        catch (IOException)
        {
            return "no log";
        }
    }
}
