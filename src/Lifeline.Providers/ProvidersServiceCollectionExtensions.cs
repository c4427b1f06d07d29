using Lifeline.Core.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lifeline.Providers;

public static class ProvidersServiceCollectionExtensions
{
    /// <summary>
    /// Registers every provider implementation and the descriptions of those that only dry-run here. Providers use the
    /// host's <see cref="TimeProvider"/> when it registered one (tests register a fake); the system clock otherwise.
    /// </summary>
    public static IServiceCollection AddLifelineProviders(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        // Provider implementations: one line each.
        services.AddSingleton<IProvider, Shell.ShellProvider>();
        services.AddSingleton<IProvider, Http.HttpProvider>();
        services.AddSingleton<IProvider, Noop.NoopProvider>();
        services.AddSingleton<IProvider, Sleep.SleepProvider>();
        services.AddSingleton<IProvider, FileSecrets.FileSecretsProvider>();
        services.AddSingleton<IProvider, PgBackRest.PgBackRestProvider>();
        services.AddSingleton<IProvider, NotifyLog.NotifyLogProvider>();
        services.AddSingleton<IProvider, LogFiles.LogFilesProvider>();
        services.AddSingleton<IProvider, DirectoryObjects.DirectoryObjectsProvider>();
        services.AddSingleton<IProvider, Communications.Channels.SmtpProvider>();
        services.AddSingleton<IProvider, Communications.Channels.SlackWebhookProvider>();
        services.AddSingleton<IProvider, Communications.Channels.PagerDutyProvider>();
        services.AddSingleton<IProvider, Communications.Channels.WebhookProvider>();
        services.AddSingleton<IProvider, Postgres.PostgresProvider>();
        services.AddSingleton<IProvider, PowerDns.PowerDnsProvider>();
        services.AddSingleton<IProvider, ProcessService.ProcessServiceProvider>();
        services.AddSingleton<IProvider, Communications.Templates.TemplatesProvider>();
        services.AddSingleton<IProvider, Probes.HealthProbeProvider>();
        services.AddSingleton<IProvider, Nftables.NftablesProvider>();
        services.AddSingleton<IProvider, LocalVolume.LocalVolumeProvider>();
        services.AddSingleton<IProvider, HttpGateway.HttpGatewayProvider>();
        Aws.AwsServiceCollectionExtensions.AddAwsProviders(services);
        services.AddSingleton(sp => new ProviderRegistry(sp.GetServices<IProvider>(), []));
        services.AddSingleton<IProviderCatalog>(sp => sp.GetRequiredService<ProviderRegistry>());
        return services;
    }
}
