using System.ComponentModel;
using System.Diagnostics;
using Lifeline.Providers.ProcessService;

namespace Lifeline.Providers.Tools;

/// <summary>
/// Runs a command-line tool (nft, pg_dump, tar, pg_ctl, pgbackrest) with an argument vector, no shell and no standard
/// input, optionally as another user, and returns its exit code and output. A tool that is not installed is an outcome
/// (exit 127), not an exception.
/// </summary>
internal static class ToolProcess
{
    public const int NotFound = 127;

    public static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken, RunAsUser? runAs = null)
    {
        var info = new ProcessStartInfo { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        if (runAs is not null)
        {
            // setpriv, not sudo: no PAM session, no password prompt, nothing that could wait on a terminal.
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
                await process.WaitForExitAsync(CancellationToken.None);
                throw;
            }

            return (process.ExitCode, $"{await stdout}\n{await stderr}".Trim());
        }
    }

    /// <summary>
    /// Runs a tool as the owner of a path when we are root (pg_ctl refuses root, and files pgBackRest or pg_rewind wrote
    /// as root would be unreadable to the server); as ourselves otherwise.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunAsOwnerAsync(
        string ownedPath, string fileName, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        RunAsUser? owner = null;
        if (DetachedProcess.IsRoot)
        {
            owner = await OwnerOfAsync(ownedPath, cancellationToken);
            if (owner is null)
            {
                return (-1, $"could not read the owner of {ownedPath}");
            }
        }

        // A HOME the owner cannot enter makes some tools warn; none of these read anything from it.
        var withHome = new Dictionary<string, string> { ["HOME"] = Path.GetTempPath() };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            withHome[key] = value;
        }

        return await RunAsync(fileName, arguments, withHome, cancellationToken, owner);
    }

    private static async Task<RunAsUser?> OwnerOfAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            return null;
        }

        var (exitCode, output) = await RunAsync("stat", ["-c", "%U %u %g", path], null, cancellationToken);
        var parts = output.Split(' ', StringSplitOptions.TrimEntries);
        return exitCode == 0 && parts.Length == 3 && int.TryParse(parts[1], out var uid) && int.TryParse(parts[2], out var gid)
            ? new RunAsUser(parts[0], uid, gid)
            : null;
    }

    /// <summary>The last non-empty line of a tool's output: what it said when it failed.</summary>
    public static string LastLine(string output) =>
        output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "no output";
}
