using System.Diagnostics;
using Lifeline.Providers.ProcessService;

namespace Lifeline.Sandbox.Environment;

/// <summary>Runs a short command to completion (initdb, pg_basebackup, apt-get), optionally as the sandbox user.</summary>
internal static class SandboxCommand
{
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName, IReadOnlyList<string> arguments, RunAsUser? runAs, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        if (runAs is not null)
        {
            info.FileName = "setpriv";
            foreach (var argument in (string[])[$"--reuid={runAs.Uid}", $"--regid={runAs.Gid}", "--init-groups", "--", fileName])
            {
                info.ArgumentList.Add(argument);
            }
        }
        else
        {
            info.FileName = fileName;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start");
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
            await process.WaitForExitAsync(CancellationToken.None);
            throw;
        }

        return (process.ExitCode, $"{await stdout}{await stderr}".Trim());
    }

    public static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no output";

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
