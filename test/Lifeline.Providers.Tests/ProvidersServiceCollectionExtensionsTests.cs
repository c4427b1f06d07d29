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

        // (the operations only AWS has, restores, snapshots, failovers and rollbacks, are not offered in the sandbox)
        Assert.Equal([Operations.Database.Fence, Operations.Database.Promote, Operations.Database.Reprotect, Operations.Database.BaselineCapture, Operations.Database.BaselineVerify], registry.Implementation("postgres")!.Descriptor.Operations);
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
