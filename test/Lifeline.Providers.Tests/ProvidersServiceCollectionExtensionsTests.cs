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

        // (snapshots and rollbacks are AWS's only; a Multi-AZ failover is postgres's with a same-site standby, a
        // point-in-time restore pgbackrest's)
        Assert.Equal([Operations.Database.Fence, Operations.Database.Promote, Operations.Database.BaselineCapture, Operations.Database.BaselineVerify, Operations.Database.RebootFailover], registry.Implementation("postgres")!.Descriptor.Operations);
        Assert.Equal([Operations.Database.RestoreToTime], registry.Implementation("pgbackrest")!.Descriptor.Operations);
        Assert.Equal([Operations.Backup.Status, Operations.ObjectStore.List], registry.Implementation("pgbackrest")!.Descriptor.Probes);
        Assert.Equal([Operations.Database.Status], registry.Implementation("postgres")!.Descriptor.Probes);
        Assert.Equal([Operations.Dns.Upsert], registry.Implementation("powerdns")!.Descriptor.Operations);
        Assert.Equal([Operations.Service.Scale], registry.Implementation("process-service")!.Descriptor.Operations);
        Assert.Equal([Operations.Service.Status], registry.Implementation("process-service")!.Descriptor.Probes);
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
