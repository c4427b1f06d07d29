using Lifeline.Sandbox.Portal.Modes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lifeline.Sandbox.Portal.Regional;

/// <summary>
/// A provider's API in one region (a model endpoint, a media service): <c>POST /v1/invoke</c> answers for its region, or 503
/// while its outage file exists. The process stays up through an outage, as a regional API does: its <c>/health</c> is the
/// host's, <c>/v1/status</c> the API's.
/// </summary>
internal static class UpstreamHost
{
    public const string OutageFileVariable = "PORTAL_OUTAGE_FILE";

    public static async Task<int> RunAsync(WebApplicationBuilder builder)
    {
        var site = PortalModes.Required(builder.Configuration, "PORTAL_SITE", out var error);
        var outage = PortalModes.Required(builder.Configuration, OutageFileVariable, out var outageError);
        if ((error ?? outageError) is { } message)
        {
            await Console.Error.WriteLineAsync($"lifeline-portal: {message}");
            return 2;
        }

        var app = builder.Build();
        app.MapGet("/health", () => TypedResults.Ok(new UpstreamAnswer("ok", site!, "")));
        app.MapGet("/v1/status", () => Answer(site!, outage!, "available"));
        app.MapPost("/v1/invoke", () => Answer(site!, outage!, $"answered in {site}"));
        await app.RunAsync();
        return 0;
    }

    private static Results<Ok<UpstreamAnswer>, ProblemHttpResult> Answer(string site, string outageFile, string output) =>
        File.Exists(outageFile)
            ? TypedResults.Problem($"the service is unavailable in {site}", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Regional outage")
            : TypedResults.Ok(new UpstreamAnswer("ok", site, output));
}
