using Lifeline.Sandbox.Portal.Regional;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lifeline.Sandbox.Portal.Meetings;

internal static class MeetingsApi
{
    public static void MapMeetingsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", (MeetingsSettings settings, RegionalUpstreams media) => TypedResults.Ok(new MeetingsHealth("ok", settings.Site, media.Region)));
        app.MapGet("/config", (AppConfig config) => TypedResults.Ok(config.All()));
        app.MapPut("/config/{key}", SetConfigAsync);
        app.MapDelete("/config/{key}", async Task<Results<NoContent, ValidationProblem>> (string key, AppConfig config, CancellationToken ct) =>
        {
            if (!AppConfig.IsKey(key))
            {
                return BadKey();
            }

            await config.SetAsync(key, null, ct);
            return TypedResults.NoContent();
        });
        app.MapGet("/notice", (AppConfig config) => TypedResults.Ok(new Notice(config.Get(AppConfig.Notice) ?? "")));
        app.MapPost("/meetings", CreateAsync);
        app.MapPost("/meetings/{id}/recordings", RecordAsync);
        app.MapGet("/recordings", (RecordingQueue queue) => TypedResults.Ok(new RecordingCounts(queue.Queued, queue.Uploaded)));
    }

    private static async Task<Results<Ok<ConfigValue>, ValidationProblem>> SetConfigAsync(string key, ConfigValue body, AppConfig config, CancellationToken ct)
    {
        if (!AppConfig.IsKey(key))
        {
            return BadKey();
        }

        await config.SetAsync(key, body.Value, ct);
        return TypedResults.Ok(new ConfigValue(config.Get(key)));
    }

    /// <summary>A new meeting goes to the fallback provider when the app config names one, else to the media service.</summary>
    private static async Task<Results<Created<Meeting>, ProblemHttpResult>> CreateAsync(
        MeetingsSettings settings, RegionalUpstreams media, AppConfig config, CancellationToken ct)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var notice = config.Get(AppConfig.Notice) ?? "";
        if (config.Get(AppConfig.VideoProvider) is { } fallback && fallback != settings.Provider)
        {
            return TypedResults.Created($"/meetings/{id}", new Meeting(id, fallback, "", notice));
        }

        var (answer, error) = await media.InvokeAsync(ct);
        return answer is not null
            ? TypedResults.Created($"/meetings/{id}", new Meeting(id, settings.Provider, answer.Region, notice))
            : TypedResults.Problem(error, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Meeting service unavailable",
                extensions: new Dictionary<string, object?> { ["notice"] = notice });
    }

    /// <summary>A recording goes to the bucket while the media service answers, else into the queue for later.</summary>
    private static async Task<Results<Accepted<Recording>, ValidationProblem>> RecordAsync(
        string id, RegionalUpstreams media, RecordingQueue queue, CancellationToken ct)
    {
        if (!AppConfig.IsKey(id))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = ["a meeting id is lowercase letters, digits and dashes."] });
        }

        var content = $"recording of meeting {id}";
        return (await media.StatusAsync(ct)).Answer is not null
            ? TypedResults.Accepted($"/recordings", new Recording(await queue.UploadAsync(id, content, ct), Queued: false))
            : TypedResults.Accepted($"/recordings", new Recording(await queue.EnqueueAsync(id, content, ct), Queued: true));
    }

    private static ValidationProblem BadKey() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["key"] = ["a config key is lowercase letters, digits and dashes."] });
}
