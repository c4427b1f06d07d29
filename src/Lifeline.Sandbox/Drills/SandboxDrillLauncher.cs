using Lifeline.Core.Estates;
using Lifeline.Core.Providers;
using Lifeline.Engine.Calendar;
using Lifeline.Engine.Runs;
using Lifeline.Sandbox.Demo;

namespace Lifeline.Sandbox.Drills;

/// <summary>
/// Runs a calendar drill in a fresh, isolated sandbox (the demo drill of the estate's matching sandbox scenario: up,
/// workload, faults, plan, validate, down) and reports what it measured, then looks for anything the clean-up left:
/// a process running in the sandbox's directory, or a port of the sandbox still bound. Game days (production) are not this launcher's to run: it refuses them, and the
/// grade says so.
/// </summary>
internal sealed class SandboxDrillLauncher(ProviderRegistry providers, TimeProvider time, string sandboxRoot, string statePath, IProgress<string> progress) : IDrillLauncher
{
    public async Task<DrillResult> RunAsync(DrillRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Mode == CalendarMode.GameDay)
        {
            return Refused("a production game day needs a production launcher; this host runs sandbox drills only");
        }

        // The calendar names a plan; the drill scenario of that name, or else the first that drills the plan, says how.
        var known = DemoScenarios.Known(request.Estate.Estate);
        if ((known.FirstOrDefault(s => s.Name == request.Scenario) ?? known.FirstOrDefault(s => s.Plan == request.Scenario)) is not { } drill)
        {
            return Refused($"the estate's sandbox.scenarios has no drill of '{request.Scenario}'; expected one of: {string.Join(", ", known.Select(s => s.Name))}");
        }

        var directory = Path.Combine(sandboxRoot, $"lifeline-drill-{Guid.NewGuid():N}"[..28]);
        IReadOnlyDictionary<string, int> ports = new Dictionary<string, int>();
        var options = new DemoOptions(request.Estate.Sources.Root, directory, statePath, false, false, TimeSpan.FromSeconds(3), 20)
        {
            StartedBy = $"lifeline schedule ({request.Item.Id})",
            ScenarioName = drill.Name,
            SandboxUp = state => ports = LeftRunning.Ports(state),
        };
        var (report, error) = await new DemoDrill(providers, time).RunAsync(options, progress, NullRunObserver.Instance, cancellationToken);
        var left = LeftRunning.After(directory, ports);
        if (report is null)
        {
            return new DrillResult("", false, null, null, [], left) { Error = error };
        }

        return new DrillResult(
            report.RunId,
            report.Status == "succeeded",
            TimeSpan.FromSeconds(report.Rto.AchievedS),
            TimeSpan.FromSeconds(report.Rpo.LostWindowS),
            [.. report.Validation.Where(v => v.Status != "passed").Select(v => $"{v.Check}: {v.Detail}")],
            left)
        { Error = error };
    }

    private static DrillResult Refused(string why) => new("", false, null, null, [], []) { Error = why };
}
