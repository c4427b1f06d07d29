using Lifeline.Core.Providers;
using Lifeline.Providers.Capabilities;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Providers.Tests;

public sealed class ProvidersServiceCollectionExtensionsTests
{
    [Fact]
    public void AddLifelineProviders_SandboxProviders_ImplementTheirCapabilities()
    {
        using var services = new ServiceCollection().AddLifelineProviders().BuildServiceProvider();
        var registry = services.GetRequiredService<ProviderRegistry>();

        Assert.Equal(DatabaseCapability.Operations, registry.Implementation("postgres")!.Descriptor.Operations);
        Assert.Equal(DatabaseCapability.Probes, registry.Implementation("postgres")!.Descriptor.Probes);
        Assert.Equal(DnsCapability.Operations, registry.Implementation("powerdns")!.Descriptor.Operations);
        Assert.Equal(ServiceCapability.Operations, registry.Implementation("process-service")!.Descriptor.Operations);
        Assert.Equal(ServiceCapability.Probes, registry.Implementation("process-service")!.Descriptor.Probes);
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

        var operation = registry.Implementation(channel)!.Descriptor.FindOperation(NotifyCapability.Send.Name);

        Assert.NotNull(operation);
        Assert.Equal(NotifyCapability.Send.Inputs, operation.Inputs.Where(i => i.IsRequired));
    }
}
