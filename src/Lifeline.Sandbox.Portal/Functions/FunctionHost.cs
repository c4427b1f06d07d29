using Lifeline.Sandbox.Portal.Modes;
using Lifeline.Sandbox.Portal.Regional;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lifeline.Sandbox.Portal.Functions;

/// <summary>
/// A serverless function's instance in one site: <c>POST /invoke</c> calls the model upstream of the region its variable
/// names, and nothing else. It has no failover chain of its own, so a drill proves the plan's switch, not the code's.
/// </summary>
internal static class FunctionHost
{
    public static async Task<int> RunAsync(WebApplicationBuilder builder)
    {
        var site = PortalModes.Required(builder.Configuration, "PORTAL_SITE", out var error);
        var (upstreams, upstreamError) = RegionalUpstreams.Load(builder.Configuration);
        if ((error ?? upstreamError) is { } message)
        {
            await Console.Error.WriteLineAsync($"lifeline-portal: {message}");
            return 2;
        }

        var app = builder.Build();
        // /healthz is the process's (what the process service waits on); /health the API's, which needs the model.
        app.MapGet("/healthz", () => TypedResults.Ok(new FunctionAnswer("ok", site!, upstreams!.Region, "")));
        app.MapGet("/health", (CancellationToken ct) => InvokeAsync(site!, upstreams!, upstreams!.StatusAsync, ct));
        app.MapPost("/invoke", (CancellationToken ct) => InvokeAsync(site!, upstreams!, upstreams!.InvokeAsync, ct));
        await app.RunAsync();
        return 0;
    }

    private static async Task<Results<Ok<FunctionAnswer>, ProblemHttpResult>> InvokeAsync(
        string site, RegionalUpstreams upstreams, Func<CancellationToken, Task<(UpstreamAnswer? Answer, string? Error)>> call, CancellationToken ct)
    {
        var (answer, failure) = await call(ct);
        return answer is not null
            ? TypedResults.Ok(new FunctionAnswer("ok", site, upstreams.Region, answer.Output))
            : TypedResults.Problem(failure, statusCode: StatusCodes.Status502BadGateway, title: "Upstream failed");
    }
}
