using System.ComponentModel;
using System.Diagnostics;

namespace Lifeline.Providers.Tools;

/// <summary>
/// Runs a command-line tool (nft, pg_dump, tar) with an argument vector, no shell and no standard input, and returns its
/// exit code and output. A tool that is not installed is an outcome (exit 127), not an exception.
/// </summary>
internal static class ToolProcess
{
    public const int NotFound = 127;

    public static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception)
        {
            return (NotFound, $"{fileName} not found");
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return (process.ExitCode, $"{await stdout}\n{await stderr}".Trim());
        }
    }

    /// <summary>The last non-empty line of a tool's output: what it said when it failed.</summary>
    public static string LastLine(string output) =>
        output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "no output";
}
