using Lifeline.Providers.ProcessService;
using Lifeline.Sandbox.Environment;

namespace Lifeline.Sandbox.Tests.Environment;

public sealed class SandboxFaultTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task FaultAsync_PrimarySite_KillsExactlyThePrimaryDatabaseAndPortals()
    {
        // Given a healthy sandbox, paused and resumed once (the database keeps working)
        var pause = await sandbox.Manager.FaultAsync(sandbox.Directory, "pause-primary-db", CancellationToken.None);
        Assert.True(pause.Succeeded, pause.Error);
        var resume = await sandbox.Manager.FaultAsync(sandbox.Directory, "resume-primary-db", CancellationToken.None);
        Assert.True(resume.Succeeded, resume.Error);
        var primary = sandbox.State.Component("pg-primary");
        var portals = (await ProcessServiceController.ReadStateAsync(sandbox.Directory, "portal-primary", CancellationToken.None)).Instances;
        Assert.Equal(2, portals.Count);

        // When the primary site fails
        var fault = await sandbox.Manager.FaultAsync(sandbox.Directory, "primary-site", CancellationToken.None);

        // Then the primary database and the primary portals are dead, and the DR database and DNS live on
        Assert.True(fault.Succeeded, fault.Error);
        Assert.True(await Processes.WaitDeadAsync(primary.Pid, TimeSpan.FromSeconds(5)));
        foreach (var portal in portals)
        {
            Assert.True(await Processes.WaitDeadAsync(portal.Pid, TimeSpan.FromSeconds(5)));
        }

        Assert.True(DetachedProcess.IsAlive(sandbox.State.Component("pg-standby").Pid));
        Assert.True(DetachedProcess.IsAlive(sandbox.State.Component("pdns").Pid));
        var status = await sandbox.Manager.StatusAsync(sandbox.Directory, CancellationToken.None);
        Assert.Equal(["pdns", "pg-standby", "s3-dr"], status.Value!.Components.Where(c => c.Healthy).Select(c => c.Name).Order(StringComparer.Ordinal));

        // And up on the same directory starts again exactly what died
        var up = await sandbox.Manager.UpAsync(new SandboxOptions(sandbox.Directory, Topologies.Axis), new Progress<string>(), CancellationToken.None);
        Assert.True(up.Succeeded, up.Error);
        Assert.NotEqual(primary.Pid, up.Value!.Component("pg-primary").Pid);
        Assert.Equal(sandbox.State.Component("pg-standby").Pid, up.Value.Component("pg-standby").Pid);
        var healed = await sandbox.Manager.StatusAsync(sandbox.Directory, CancellationToken.None);
        Assert.True(healed.Value!.AllHealthy);
        Assert.Equal(8, healed.Value.Components.Count);
    }
}
