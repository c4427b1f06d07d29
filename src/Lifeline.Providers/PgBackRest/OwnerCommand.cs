using System.Diagnostics;
using Lifeline.Providers.ProcessService;

namespace Lifeline.Providers.PgBackRest;

/// <summary>
/// Runs a program as the owner of a path (pgBackRest and pg_ctl must run as the database's OS user; as root, files they
/// wrote would belong to root and the server could not read them). Not root: runs as ourselves.
/// </summary>
internal static class OwnerCommand
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string ownedPath, string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        if (DetachedProcess.IsRoot)
        {
            var owner = await OwnerAsync(ownedPath, cancellationToken);
            if (owner is null)
            {
                return (-1, $"could not read the owner of {ownedPath}");
            }

            info.FileName = "setpriv";
            foreach (var argument in (string[])[$"--reuid={owner.Value.Uid}", $"--regid={owner.Value.Gid}", "--init-groups", "--", fileName])
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

        // pgBackRest and pg_ctl read nothing from HOME, but a HOME the owner cannot enter makes some tools warn.
        info.Environment["HOME"] = Path.GetTempPath();
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
            throw;
        }

        return (process.ExitCode, $"{await stdout}\n{await stderr}".Trim());
    }

    private static async Task<(int Uid, int Gid)?> OwnerAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            return null;
        }

        var info = new ProcessStartInfo("stat", ["-c", "%u %g", path]) { UseShellExecute = false, RedirectStandardOutput = true };
        using var process = Process.Start(info)!;
        var parts = (await process.StandardOutput.ReadToEndAsync(cancellationToken)).Split(' ', StringSplitOptions.TrimEntries);
        await process.WaitForExitAsync(cancellationToken);
        return parts.Length == 2 && int.TryParse(parts[0], out var uid) && int.TryParse(parts[1], out var gid) ? (uid, gid) : null;
    }
}
