using Lifeline.Sandbox.Portal.Regional;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lifeline.Sandbox.Portal.Meetings;

/// <summary>
/// <c>/health</c> is the meetings API's (can a meeting be created now: through the fallback, or the media service answers);
/// <c>/health/&lt;media provider&gt;</c> the media service's; <c>/healthz</c> the process's, which the process service waits on.
/// </summary>
internal static class MeetingsApi
{
    public static void MapMeetingsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (MeetingsSettings settings, RegionalUpstreams media) => TypedResults.Ok(new MeetingsHealth("ok", settings.Site, settings.Provider, media.Region)));
        app.MapGet("/health", HealthAsync);
        app.MapGet("/health/{provider}", MediaHealthAsync);
        app.MapGet("/notice", (InAppNotices notices) => TypedResults.Ok(new Notice(notices.Current())));
        app.MapPost("/meetings", CreateAsync);
        app.MapPost("/meetings/{id}/recordings", RecordAsync);
        app.MapGet("/recordings", (RecordingQueue queue) => TypedResults.Ok(new RecordingCounts(queue.Queued, queue.Uploaded)));
    }

    private static async Task<Results<Ok<MeetingsHealth>, ProblemHttpResult>> HealthAsync(MeetingsSettings settings, RegionalUpstreams media, CancellationToken ct)
    {
        var health = new MeetingsHealth("ok", settings.Site, settings.Provider, media.Region);
        if (settings.Fallback)
        {
            return TypedResults.Ok(health);
        }

        var (answer, error) = await media.StatusAsync(ct);
        return answer is not null ? TypedResults.Ok(health) : Unavailable(error!, settings);
    }

    private static async Task<Results<Ok<MeetingsHealth>, ProblemHttpResult, NotFound>> MediaHealthAsync(string provider, MeetingsSettings settings, RegionalUpstreams media, CancellationToken ct)
    {
        if (provider != settings.MediaProvider)
        {
            return TypedResults.NotFound();
        }

        var (answer, error) = await media.StatusAsync(ct);
        return answer is not null ? TypedResults.Ok(new MeetingsHealth("ok", settings.Site, settings.MediaProvider, media.Region)) : Unavailable(error!, settings);
    }

    /// <summary>A new meeting goes to the fallback provider when configured so, else to the media service.</summary>
    private static async Task<Results<Created<Meeting>, ProblemHttpResult>> CreateAsync(
        MeetingsSettings settings, RegionalUpstreams media, InAppNotices notices, CancellationToken ct)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        if (settings.Fallback)
        {
            return TypedResults.Created($"/meetings/{id}", new Meeting(id, settings.Provider, "", notices.Current()));
        }

        var (answer, error) = await media.InvokeAsync(ct);
        return answer is not null
            ? TypedResults.Created($"/meetings/{id}", new Meeting(id, settings.Provider, answer.Region, notices.Current()))
            : Unavailable(error!, settings);
    }

    /// <summary>A recording goes to the bucket while the media service answers and recordings are not queued, else into the queue.</summary>
    private static async Task<Results<Accepted<Recording>, ValidationProblem>> RecordAsync(
        string id, MeetingsSettings settings, RegionalUpstreams media, RecordingQueue queue, CancellationToken ct)
    {
        if (id.Length is 0 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = ["a meeting id is letters, digits and dashes."] });
        }

        var content = $"recording of meeting {id}";
        return !settings.QueueRecordings && (await media.StatusAsync(ct)).Answer is not null
            ? TypedResults.Accepted("/recordings", new Recording(await queue.UploadAsync(id, content, ct), Queued: false))
            : TypedResults.Accepted("/recordings", new Recording(await queue.EnqueueAsync(id, content, ct), Queued: true));
    }

    private static ProblemHttpResult Unavailable(string error, MeetingsSettings settings) =>
        TypedResults.Problem(error, statusCode: StatusCodes.Status503ServiceUnavailable, title: $"{settings.MediaProvider} unavailable",
            extensions: new Dictionary<string, object?> { ["provider"] = settings.Provider });
}
