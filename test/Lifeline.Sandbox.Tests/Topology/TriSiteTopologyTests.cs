using System.Net;
using DnsClient;
using Lifeline.Core.PlanFiles;
using Lifeline.Core.Providers;
using Lifeline.Engine.Audit;
using Lifeline.Engine.Checkpoints;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Scheduling;
using Lifeline.Providers.PowerDns;
using Lifeline.Providers.ProcessService;
using Lifeline.Sandbox.Environment;
using Lifeline.Sandbox.Tests.Detection;
using Npgsql;

namespace Lifeline.Sandbox.Tests.Topology;

/// <summary>The acceptance test of a sandbox built from an estate no code names: three sites, a cross-site replica, one service, DNS.</summary>
public sealed class TriSiteTopologyTests
{
    [Fact]
    public async Task UpAsync_ThreeSiteEstate_BuildsItFailsOverInADrillAndComesDownClean()
    {
        // Given the three-site estate's sandbox, up
        var directory = Path.Combine(Path.GetTempPath(), $"lifeline-trisite-{Guid.NewGuid():N}");
        var manager = new SandboxManager(TimeProvider.System);
        var topology = Topologies.Load(Topologies.TriSiteEstate);
        var up = await manager.UpAsync(new SandboxOptions(directory, topology), new Progress<string>(), CancellationToken.None);
        Assert.True(up.Succeeded, up.Error);
        var state = up.Value!;
        var pids = state.Components.Select(c => c.Pid).ToList();
        var ports = state.Ports.Values.ToList();
        try
        {
            // Then it is what the estate declares, in the sites it declares, with settings named after it
            Assert.Equal(["names", "orders-copy", "orders-main"], state.Components.Select(c => c.Name));
            Assert.Equal(["east", "south", "north"], state.Components.Select(c => c.Site));
            Assert.Equal(["shop-north", "shop-south"], state.Services.Order(StringComparer.Ordinal));
            var settings = state.Settings;
            Assert.Equal("tri.sandbox.", settings["LIFELINE_SANDBOX_NAMES_ZONE"]);
            Assert.Equal("shop_orders", settings["LIFELINE_SANDBOX_ORDERS_DATABASE"]);
            Assert.True(Directory.Exists(settings["LIFELINE_SANDBOX_VAULT_DIR"]));
            Assert.True(File.Exists(Path.Combine(settings["LIFELINE_SANDBOX_VAULT_DIR"], "shop-db")));
            Assert.Single((await ProcessServiceController.ReadStateAsync(directory, "shop-north", CancellationToken.None)).Instances);
            Assert.Equal(await File.ReadAllTextAsync(Path.Combine(directory, "sandbox.env")), SandboxEnvironment.Render(settings));

            // When its north site is killed and the estate's plan runs as a drill, given the sandbox's settings explicitly
            var fault = await manager.FaultAsync(directory, SandboxManager.KillSite, "north", CancellationToken.None);
            Assert.True(fault.Succeeded, fault.Error);
            var (sources, _) = EstateSources.Read(Topologies.TriSiteEstate);
            var (loaded, diagnostics) = EstateLoader.Load(sources!, new LoadOptions("sandbox", new Dictionary<string, string>(), MonitoredSandbox.Providers));
            Assert.True(loaded is not null, string.Join("\n", diagnostics));
            var statePath = Path.Combine(directory, "lifeline.db");
            await using var store = await SqliteRunStore.OpenAsync(statePath, CancellationToken.None);
            await using var audit = await SqliteAuditTrail.OpenAsync(statePath, TimeProvider.System, CancellationToken.None);
            var runs = new RunService(MonitoredSandbox.Providers, store, TimeProvider.System, name => settings.TryGetValue(name, out var value) ? value : null, audit);
            var outcome = await runs.StartAsync(
                new StartRunRequest(loaded, "site-failover", RunMode.Drill, "sandbox", new Dictionary<string, string>(), RunBehaviour.Default with { AutoApprove = true }, "test"),
                NullRunObserver.Instance,
                CancellationToken.None);

            // Then the copy in south is the writable primary and www answers with south's instance address
            Assert.True(outcome.Report is { Status: "succeeded" }, outcome.Error ?? outcome.Report?.Status);
            await using (var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={settings["LIFELINE_SANDBOX_ORDERS_COPY_PORT"]};Database=shop_orders;Username={settings["LIFELINE_SANDBOX_ORDERS_USER"]};Password={settings["LIFELINE_SECRET_SANDBOX_ORDERS_PASSWORD"]};Pooling=false"))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("select pg_is_in_recovery()", connection);
                Assert.Equal(false, await command.ExecuteScalarAsync());
            }

            var answer = await AuthoritativeQuery.AskAsync(IPEndPoint.Parse(settings["LIFELINE_SANDBOX_NAMES_DNS"]), "www.tri.sandbox.", QueryType.A, CancellationToken.None);
            Assert.Equal(["127.0.2.10"], answer.Values);
        }
        finally
        {
            // And down leaves no process and no port behind
            var down = await manager.DownAsync(directory, CancellationToken.None);
            Assert.True(down.Succeeded, down.Error);
        }

        Assert.All(pids, pid => Assert.False(DetachedProcess.IsAlive(pid)));
        Assert.All(ports, port => Assert.False(FreePorts.IsListening(port)));
        Assert.False(Directory.Exists(directory));
    }
}
