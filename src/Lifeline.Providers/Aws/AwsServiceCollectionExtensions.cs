using Lifeline.Core.Providers;
using Lifeline.Providers.Aws.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lifeline.Providers.Aws;

internal static class AwsServiceCollectionExtensions
{
    /// <summary>The aws-* family, all through one <see cref="AwsCli"/>; a host may register its own <see cref="AwsCliOptions"/> first.</summary>
    public static IServiceCollection AddAwsProviders(this IServiceCollection services)
    {
        services.TryAddSingleton(new AwsCliOptions());
        services.AddSingleton<AwsCli>();
        services.AddSingleton<IProvider, Rds.AwsRdsProvider>();
        services.AddSingleton<IProvider, Ecs.AwsEcsProvider>();
        services.AddSingleton<IProvider, Route53.AwsRoute53Provider>();
        services.AddSingleton<IProvider, SecretsManager.AwsSecretsManagerProvider>();
        services.AddSingleton<IProvider, Sns.AwsSnsProvider>();
        services.AddSingleton<IProvider, S3.AwsS3Provider>();
        services.AddSingleton<IProvider, Backup.AwsBackupProvider>();
        services.AddSingleton<IProvider, Lambda.AwsLambdaProvider>();
        services.AddSingleton<IProvider, Iam.AwsIamProvider>();
        services.AddSingleton<IProvider, CloudTrail.AwsCloudTrailProvider>();
        services.AddSingleton<IProvider, Logs.AwsLogsProvider>();
        services.AddSingleton<IProvider, CloudWatch.AwsCloudWatchProvider>();
        services.AddSingleton<IProvider, Acm.AwsAcmProvider>();
        services.AddSingleton<IProvider, Ec2.AwsEc2Provider>();
        services.AddSingleton<IProvider, ApiGateway.AwsApiGatewayProvider>();
        return services;
    }
}
