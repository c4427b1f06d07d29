using Lifeline.Core.Estates;
using Lifeline.Engine.Reports;
using Lifeline.Sandbox.Demo;

namespace Lifeline.Sandbox.Tests.Demo;

/// <summary>The recovery points a plan's steps measure themselves, as the demo report lists them beside the lost writes.</summary>
public sealed class DemoExtraRposTests
{
    private static readonly Objectives Axis = new(
        new Dictionary<string, TimeSpan> { ["critical"] = TimeSpan.FromHours(4) },
        new Dictionary<string, TimeSpan> { ["database"] = TimeSpan.FromMinutes(15), ["files"] = TimeSpan.FromHours(1), ["audit-logs"] = TimeSpan.Zero });

    [Fact]
    public void From_RpoOutputsOfSteps_EachAgainstItsDataClass()
    {
        // Given a run whose steps output the file and audit-log recovery points, a figure of no class, and other outputs
        var run = Run(
            Step("restore-files", ("rpo_files_s", "42.5"), ("restored", "17")),
            Step("audit-check", ("rpo_audit_s", "0.25")),
            Step("queue", ("rpo_recordings_s", "3")),
            Step("noise", ("rpo_files_s_total", "1"), ("rpo_bad_s", "soon")));

        // When the demo reads them
        var extra = DemoExtraRpos.From(run, Axis);

        // Then each is listed with its step, and matched to the estate's RPO: exactly, or the one class it starts
        Assert.Equal(
            [
                new DemoExtraRpo("files", "restore-files", 42.5, 3600, "files"),
                new DemoExtraRpo("audit", "audit-check", 0.25, 0, "audit-logs"),
                new DemoExtraRpo("recordings", "queue", 3, null, null),
            ],
            extra);
    }

    private static StepReport Step(string id, params (string Name, string Value)[] outputs) =>
        new(id, "recovery", "action", "succeeded", 1, null, null, null, outputs.ToDictionary(o => o.Name, o => o.Value), null);

    private static RunReport Run(params StepReport[] steps) =>
        new("run", "plan", "estate", "drill", "sandbox", "succeeded", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1, new RtoReport(null, null, 0, DateTimeOffset.UnixEpoch, null), [], steps, [], null);
}
