using Lifeline.Core.Providers;
using Lifeline.Engine.Drills;
using Lifeline.Engine.Runs;
using Lifeline.Sandbox.Demo;
using Lifeline.Sandbox.Drills;
using Lifeline.Sandbox.Environment;

namespace Lifeline.Sandbox.Hosting;

/// <summary>The sandbox behind the hosts' drill seam: its settings (<c>sandbox.env</c>'s pairs) and the whole demo drill.</summary>
internal sealed class SandboxDrillEnvironment(ProviderRegistry providers, TimeProvider time) : IDrillEnvironment
{
    public string Profile => DemoOptions.Profile;

    public string Scenario => DemoOptions.Scenario;

    public string DefaultDirectory => SandboxOptions.DirectoryFromEnvironment();

    public async Task<DrillSettings> SettingsAsync(string directory, CancellationToken cancellationToken)
    {
        var environment = await SandboxManager.EnvironmentAsync(directory, cancellationToken);
        return environment.Succeeded ? DrillSettings.Ok(environment.Value!) : DrillSettings.Fail(environment.Error!);
    }

    public async Task<DrillOutcome> RunAsync(DrillRequest request, IProgress<string> progress, IRunObserver observer, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, int> ports = new Dictionary<string, int>();
        var options = new DemoOptions(request.EstateDirectory, request.Directory, request.StatePath, false, false, request.CriteriaWindow, 20)
        {
            StartedBy = request.StartedBy,
            AutoApprove = request.AutoApprove,
            SandboxUp = state => ports = LeftRunning.Ports(state),
        };
        var (report, error) = await new DemoDrill(providers, time).RunAsync(options, progress, observer, cancellationToken);
        var outcome = report is null ? new DrillOutcome(null, error ?? "the drill did not finish") : new DrillOutcome(report.IncidentId, null);
        return outcome with { LeftBehind = LeftRunning.After(request.Directory, ports) };
    }
}
