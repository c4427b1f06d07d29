using System.CommandLine;
using Lifeline.Cli.Rendering;
using Lifeline.Core.Providers;

namespace Lifeline.Cli.Hosting;

/// <summary>
/// <c>--sandbox DIR</c>: the sandbox a drill runs against. Only drills read a sandbox's settings, and they get them
/// passed explicitly; live runs and dry-runs read the process environment alone.
/// </summary>
internal static class DrillSandbox
{
    public static Option<string?> Option() => new("--sandbox")
    {
        Description = "Drills only: the sandbox whose settings ${{ env.X }} and secrets read (default: $LIFELINE_SANDBOX_DIR, else /tmp/lifeline-sandbox).",
    };

    /// <summary><c>--sandbox DIR</c> for the monitor and agents: probing a sandbox is asked for, never assumed.</summary>
    public static Option<string?> ProbeOption() => new("--sandbox")
    {
        Description = "Read ${{ env.X }} and secrets from this running sandbox's settings (over the process environment); without it, only the process environment.",
    };

    /// <summary>The named sandbox's settings over the process environment; the process environment alone when none is named.</summary>
    public static async Task<Func<string, string?>?> NamedAsync(CliServices services, string? directory, CancellationToken cancellationToken)
    {
        if (directory is null)
        {
            return CliServices.ProcessEnvironment;
        }

        var settings = await services.Drills.SettingsAsync(directory, cancellationToken);
        if (settings.Succeeded)
        {
            return settings.Over(CliServices.ProcessEnvironment);
        }

        Terminal.Fail($"--sandbox: {settings.Error}; start one with lifeline sandbox up --dir {directory}");
        return null;
    }

    /// <summary>
    /// What a run of <paramref name="mode"/> reads for <c>${{ env.X }}</c>: for a drill, the named sandbox's settings over
    /// the process environment; otherwise the process environment. Null (after one line to the user) when a sandbox
    /// was named and cannot be used.
    /// </summary>
    public static async Task<Func<string, string?>?> EnvironmentAsync(CliServices services, RunMode mode, string? directory, CancellationToken cancellationToken)
    {
        if (mode != RunMode.Drill)
        {
            if (directory is not null)
            {
                Terminal.Fail("--sandbox is for drills; live runs and dry-runs read the process environment");
                return null;
            }

            return CliServices.ProcessEnvironment;
        }

        if (directory is not null)
        {
            return await NamedAsync(services, directory, cancellationToken);
        }

        var drills = services.Drills;
        var settings = await drills.SettingsAsync(drills.DefaultDirectory, cancellationToken);
        if (settings.Succeeded)
        {
            return settings.Over(CliServices.ProcessEnvironment);
        }

        // No sandbox where drills look by default: the run's preflight names every setting it cannot resolve.
        Console.Error.WriteLine($"note: {settings.Error}; the drill reads the process environment only");
        return CliServices.ProcessEnvironment;
    }
}
