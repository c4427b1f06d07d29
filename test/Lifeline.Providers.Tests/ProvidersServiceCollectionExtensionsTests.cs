using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Providers.Tests;

public sealed class ProvidersServiceCollectionExtensionsTests
{
    [Fact]
    public void AddLifelineProviders_SandboxProviders_ImplementTheirCapabilities()
    {
        using var services = new ServiceCollection().AddLifelineProviders().BuildServiceProvider();
        var registry = services.GetRequiredService<ProviderRegistry>();

        // (forensic snapshots, deployments, rollbacks, same-site failovers, reprotection and ingress revokes have sandbox counterparts: ADRs 0024-0026;
        // disabling a leaked credential, rotation, audit-log lookups and recovery points too: ADR 0034)
        Assert.Equal([Operations.Database.Fence, Operations.Database.Promote, Operations.Database.Reprotect, Operations.Database.BaselineCapture, Operations.Database.BaselineVerify, Operations.Database.RebootFailover, Operations.Database.Snapshot, Operations.Credential.Disable], registry.Implementation("postgres")!.Descriptor.Operations);
        Assert.Equal([Operations.Database.RestoreToTime], registry.Implementation("pgbackrest")!.Descriptor.Operations);
        Assert.Equal([Operations.Backup.Status, Operations.ObjectStore.List, Operations.Database.Snapshots, Operations.Database.Events], registry.Implementation("pgbackrest")!.Descriptor.Probes);
        Assert.Equal([Operations.Secret.Put, Operations.Secret.Rotate], registry.Implementation("file-secrets")!.Descriptor.Operations);
        Assert.Equal([Operations.Log.Search, Operations.AuditLog.Lookup], registry.Implementation("log-files")!.Descriptor.Operations);
        Assert.Equal([Operations.Database.Status], registry.Implementation("postgres")!.Descriptor.Probes);
        Assert.Equal([Operations.Dns.Upsert], registry.Implementation("powerdns")!.Descriptor.Operations);
        Assert.Equal([Operations.Service.Scale, Operations.Service.Redeploy, Operations.Service.Rollback, Operations.Function.Configure, Operations.Function.Rollback], registry.Implementation("process-service")!.Descriptor.Operations);
        Assert.Equal([Operations.Service.Status, Operations.Function.Status], registry.Implementation("process-service")!.Descriptor.Probes);
        Assert.Equal([Operations.Firewall.RevokeIngress], registry.Implementation("nftables")!.Descriptor.Operations);
        Assert.Equal([Operations.Volume.Snapshot], registry.Implementation("local-volume")!.Descriptor.Operations);
        // (an API's integration has one through a reverse proxy's admin API: ADR 0035)
        Assert.Equal([Operations.Api.Integrate], registry.Implementation("http-gateway")!.Descriptor.Operations);
    }

    [Theory]
    [InlineData("smtp")]
    [InlineData("slack-webhook")]
    [InlineData("pagerduty")]
    [InlineData("webhook")]
    public void AddLifelineProviders_NotificationChannels_ImplementNotifySend(string channel)
    {
        using var services = new ServiceCollection().AddLifelineProviders().BuildServiceProvider();
        var registry = services.GetRequiredService<ProviderRegistry>();

        var operation = registry.Implementation(channel)!.Descriptor.FindOperation(Operations.Notify.Send.Name);

        Assert.NotNull(operation);
        Assert.Equal(Operations.Notify.Send.Inputs, operation.Inputs.Where(i => i.IsRequired));
    }
}
