using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Providers.Tests.Aws;

public sealed class AwsRegistrationTests
{
    [Theory]
    [InlineData("aws-rds", "database")]
    [InlineData("aws-ecs", "service")]
    [InlineData("aws-route53", "dns")]
    [InlineData("aws-secretsmanager", "secret")]
    [InlineData("aws-sns", "notify")]
    [InlineData("aws-s3", "object")]
    [InlineData("aws-lambda", "function")]
    [InlineData("aws-iam", "credential")]
    [InlineData("aws-cloudtrail", "audit-log")]
    [InlineData("aws-logs", "log")]
    [InlineData("aws-backup", "backup")]
    [InlineData("aws-cloudwatch", "metrics")]
    [InlineData("aws-acm", "certificate")]
    [InlineData("aws-apigateway", "api")]
    public void AddLifelineProviders_AwsFamily_ExecutesWithTheDescribedCapabilities(string name, string capability)
    {
        using var services = new ServiceCollection().AddLifelineProviders().BuildServiceProvider();
        var registry = services.GetRequiredService<ProviderRegistry>();
        var described = Operations.All.Single(c => c.Name == capability);

        var provider = registry.Implementation(name);

        Assert.NotNull(provider);
        Assert.True(registry.Find(name)!.CanExecute);
        Assert.IsAssignableFrom<ICommandPreview>(provider);
        Assert.Equal(described.Operations.Select(o => o.Name), provider.Descriptor.Operations.Select(o => o.Name));
        Assert.Equal(described.Probes.Select(p => p.Name), provider.Descriptor.Probes.Select(p => p.Name));
        Assert.Contains(provider.Descriptor.Settings, s => s.Name == "endpoint-url");
        Assert.Contains(provider.Descriptor.Settings, s => s.Name == "profile");
    }

    [Fact]
    public void AddLifelineProviders_AwsEc2_ExecutesFirewallAndVolumeOperations()
    {
        using var services = new ServiceCollection().AddLifelineProviders().BuildServiceProvider();
        var registry = services.GetRequiredService<ProviderRegistry>();

        var provider = registry.Implementation("aws-ec2");

        Assert.NotNull(provider);
        Assert.True(registry.Find("aws-ec2")!.CanExecute);
        Assert.IsAssignableFrom<ICommandPreview>(provider);
        Assert.Equal([Operations.Firewall.RevokeIngress.Name, Operations.Volume.Snapshot.Name], provider.Descriptor.Operations.Select(o => o.Name));
    }
}
