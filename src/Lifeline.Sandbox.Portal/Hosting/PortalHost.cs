using Lifeline.Sandbox.Portal.Apis;
using Lifeline.Sandbox.Portal.Database;
using Lifeline.Sandbox.Portal.Ehr;
using Lifeline.Sandbox.Portal.Uploads;

namespace Lifeline.Sandbox.Portal.Hosting;

/// <summary>The patient portal over PostgreSQL; in EHR mode it also answers the EHRbase routes.</summary>
internal static class PortalHost
{
    public static async Task<int> RunAsync(WebApplicationBuilder builder, bool ehr)
    {
        var settings = PortalSettings.Load(builder.Configuration);
        if (settings.Error is { } error)
        {
            await Console.Error.WriteLineAsync($"lifeline-portal: {error}");
            return 2;
        }

        builder.AddPortal(settings.Value!);
        var (uploads, uploadsError) = UploadSettings.Load(builder.Configuration);
        if (uploadsError is not null)
        {
            await Console.Error.WriteLineAsync($"lifeline-portal: {uploadsError}");
            return 2;
        }

        if (uploads is not null)
        {
            builder.Services.AddSingleton(uploads);
            builder.Services.AddHttpClient(nameof(UploadStream), c => c.Timeout = TimeSpan.FromSeconds(5));
            builder.Services.AddHostedService<UploadStream>();
        }

        var app = builder.Build();
        app.UseExceptionHandler();
        app.MapPortalApis();
        if (ehr)
        {
            app.MapEhrApi();
        }

        // Schema before listening: a healthy portal is ready to serve. Bounded by the 2 s connect timeout when the database
        // is away; PortalSchemaRetry keeps trying after that.
        await app.Services.GetRequiredService<PortalSchema>().EnsureAsync(app.Lifetime.ApplicationStopping);
        await app.RunAsync();
        return 0;
    }
}
