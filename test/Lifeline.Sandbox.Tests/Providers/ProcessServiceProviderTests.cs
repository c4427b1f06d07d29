using Lifeline.Providers.ProcessService;

namespace Lifeline.Sandbox.Tests.Providers;

public sealed class ProcessServiceProviderTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private readonly ProcessServiceProvider _provider = new(TimeProvider.System);
    private readonly TestStep _step = new();

    private IReadOnlyDictionary<string, string> Dr => new Dictionary<string, string> { ["service"] = "portal-dr", ["dir"] = sandbox.Directory };

    [Fact]
    public async Task Scale_DrFromZeroToTwoToZero_InstancesStartAndStop()
    {
        // Given the DR portal at desired 0
        var before = await _provider.ProbeAsync(_step.Probe("service.status", Dr), CancellationToken.None);
        Assert.Equal("0", before.Fields["running"]);

        // When it is scaled to 2 (twice: idempotent)
        var up = await _provider.ExecuteAsync(_step.Operation("service.scale", Dr, new Dictionary<string, string> { ["count"] = "2", ["env"] = "PORTAL_LABEL=dr;X=1" }), CancellationToken.None);
        var again = await _provider.ExecuteAsync(_step.Operation("service.scale", Dr, new Dictionary<string, string> { ["count"] = "2" }), CancellationToken.None);

        // Then two healthy instances answer on the DR addresses
        Assert.True(up.Succeeded, up.Error);
        Assert.Equal("127.0.2.10,127.0.2.11", up.Outputs["addresses"]);
        Assert.Equal("2", up.Outputs["healthy"]);
        Assert.True(again.Succeeded, again.Error);
        var instances = (await ProcessServiceController.ReadStateAsync(sandbox.Directory, "portal-dr", CancellationToken.None)).Instances;
        Assert.Equal(2, instances.Count);

        // When it is scaled back to 0
        var down = await _provider.ExecuteAsync(_step.Operation("service.scale", Dr, new Dictionary<string, string> { ["count"] = "0" }), CancellationToken.None);

        // Then the instances are gone
        Assert.True(down.Succeeded, down.Error);
        Assert.Equal("0", down.Outputs["desired"]);
        Assert.DoesNotContain(instances, i => DetachedProcess.IsAlive(i.Pid));
        var after = await _provider.ProbeAsync(_step.Probe("service.status", Dr), CancellationToken.None);
        Assert.Equal("0", after.Fields["running"]);
    }

    [Fact]
    public async Task Scale_InstanceStartedButNeverRecorded_IsAdoptedAndStopped()
    {
        // Given a DR instance running whose record was lost (its starter SIGKILLed between spawning it and writing state)
        var up = await _provider.ExecuteAsync(_step.Operation("service.scale", Dr, new Dictionary<string, string> { ["count"] = "1" }), CancellationToken.None);
        Assert.True(up.Succeeded, up.Error);
        var orphan = Assert.Single((await ProcessServiceController.ReadStateAsync(sandbox.Directory, "portal-dr", CancellationToken.None)).Instances);
        await File.WriteAllTextAsync(Path.Combine(ProcessServiceController.ServiceDirectory(sandbox.Directory, "portal-dr"), "state.json"), """{"desired":0,"instances":[]}""");

        // When the service is scaled to 1 again, then to 0
        var again = await _provider.ExecuteAsync(_step.Operation("service.scale", Dr, new Dictionary<string, string> { ["count"] = "1" }), CancellationToken.None);
        var instances = (await ProcessServiceController.ReadStateAsync(sandbox.Directory, "portal-dr", CancellationToken.None)).Instances;
        var down = await _provider.ExecuteAsync(_step.Operation("service.scale", Dr, new Dictionary<string, string> { ["count"] = "0" }), CancellationToken.None);

        // Then the running instance was adopted, not started twice, and scaling down stopped it
        Assert.True(again.Succeeded, again.Error);
        Assert.Equal(orphan.Pid, Assert.Single(instances).Pid);
        Assert.True(down.Succeeded, down.Error);
        Assert.False(DetachedProcess.IsAlive(orphan.Pid), "the unrecorded instance is still running");
    }

    [Fact]
    public async Task Scale_UnknownService_OneClearFailure()
    {
        var settings = new Dictionary<string, string> { ["service"] = "nope", ["dir"] = sandbox.Directory };

        var outcome = await _provider.ExecuteAsync(_step.Operation("service.scale", settings, new Dictionary<string, string> { ["count"] = "1" }), CancellationToken.None);

        Assert.Equal($"service nope is not defined in {sandbox.Directory} (no services/nope/service.json)", outcome.Error);
    }

    [Fact]
    public async Task Scale_BadCount_OneClearFailure()
    {
        var outcome = await _provider.ExecuteAsync(_step.Operation("service.scale", Dr, new Dictionary<string, string> { ["count"] = "-1" }), CancellationToken.None);

        Assert.Equal("process-service: input 'count' must be a whole number from 0 to 64, not '-1'", outcome.Error);
    }
}
