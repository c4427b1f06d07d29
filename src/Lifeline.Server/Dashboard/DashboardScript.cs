namespace Lifeline.Server.Dashboard;

/// <summary>
/// <c>GET /dashboard.js</c>: the dashboard's one script (live run view over SSE), embedded in the assembly so the server
/// needs no static-asset manifest when the CLI hosts it in-process. Same origin, so the CSP stays <c>script-src 'self'</c>.
/// </summary>
internal static class DashboardScript
{
    public const string Path = "/dashboard.js";

    private static readonly Lazy<byte[]> Content = new(() =>
    {
        using var stream = typeof(DashboardScript).Assembly.GetManifestResourceStream("dashboard.js")
            ?? throw new InvalidOperationException("the dashboard script is not embedded");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static IEndpointConventionBuilder MapDashboardScript(this IEndpointRouteBuilder app) =>
        app.MapGet(Path, (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-cache";
            return TypedResults.Bytes(Content.Value, "text/javascript; charset=utf-8");
        }).AllowAnonymous().ExcludeFromDescription();
}
