using System.Diagnostics;

namespace Lifeline.Sandbox.Tests.Servers;

/// <summary>Runs a short command to completion; as <see cref="PostgresCluster.OsUser"/> when the tests run as root.</summary>
internal static class ExternalCommand
{
    public static bool IsRoot => System.Environment.UserName == "root";

    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> arguments, string? asUser = null)
    {
        var info = new ProcessStartInfo(asUser is null ? file : "runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asUser is not null)
        {
            info.ArgumentList.Add("-u");
            info.ArgumentList.Add(asUser);
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(file);
        }

        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    public static async Task<string> RunCheckedAsync(string file, IEnumerable<string> arguments, string? asUser = null)
    {
        var (code, output) = await RunAsync(file, arguments, asUser);
        return code == 0 ? output : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {code}: {output}");
    }
}
