using Lifeline.Core.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Providers.Tests.Aws;

public sealed class AwsRegistrationTests
{
    [Theory]
    [InlineData("aws-rds")]
    [InlineData("aws-ecs")]
    [InlineData("aws-route53")]
    [InlineData("aws-secretsmanager")]
    [InlineData("aws-sns")]
    public void AddLifelineProviders_AwsFamily_ExecutesWithTheDescribedCapabilities(string name)
    {
        using var services = new ServiceCollection().AddLifelineProviders().BuildServiceProvider();
        var registry = services.GetRequiredService<ProviderRegistry>();
        var described = DescribedOnlyProviders.All.Single(d => d.Name == name);

        var provider = registry.Implementation(name);

        Assert.NotNull(provider);
        Assert.True(registry.Find(name)!.CanExecute);
        Assert.IsAssignableFrom<ICommandPreview>(provider);
        Assert.Equal(described.Operations.Select(o => o.Name), provider.Descriptor.Operations.Select(o => o.Name));
        Assert.Equal(described.Probes.Select(p => p.Name), provider.Descriptor.Probes.Select(p => p.Name));
        Assert.Contains("endpoint-url", provider.Descriptor.Settings);
        Assert.Contains("profile", provider.Descriptor.Settings);
    }
}
