using System.Text.Json;
using Lifeline.Sandbox.Portal.Database;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Lifeline.Sandbox.Portal.Hosting;

internal static class PortalHostingExtensions
{
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder, PortalSettings settings)
    {
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(settings.Secret.ConnectionString($"lifeline-portal-{settings.Site}")));
        builder.Services.AddSingleton<PortalSchema>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<PortalSchemaRetry>();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        return builder;
    }
}
