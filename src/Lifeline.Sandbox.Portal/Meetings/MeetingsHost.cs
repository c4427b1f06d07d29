using System.Text.Json;
using Lifeline.Sandbox.Portal.Regional;

namespace Lifeline.Sandbox.Portal.Meetings;

/// <summary>
/// The meeting manager: creates meetings through the media service of its media region, or through the fallback provider
/// its configuration names; hands users the in-app message; queues recordings while told to (or while the media service
/// is down) and, once it no longer queues and the media service answers, moves the queue to the bucket.
/// </summary>
internal static class MeetingsHost
{
    public static async Task<int> RunAsync(WebApplicationBuilder builder)
    {
        var (settings, error) = MeetingsSettings.Load(builder.Configuration);
        var (upstreams, upstreamError) = RegionalUpstreams.Load(builder.Configuration);
        if ((error ?? upstreamError) is { } message)
        {
            await Console.Error.WriteLineAsync($"lifeline-portal: {message}");
            return 2;
        }

        builder.Services.AddSingleton(settings!);
        builder.Services.AddSingleton(upstreams!);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new InAppNotices(settings!));
        builder.Services.AddSingleton(new RecordingQueue(settings!.QueueDirectory, settings.BucketDirectory));
        if (!settings.QueueRecordings)
        {
            builder.Services.AddHostedService<RecordingUploader>();
        }

        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        var app = builder.Build();
        app.MapMeetingsApi();
        await app.RunAsync();
        return 0;
    }
}
