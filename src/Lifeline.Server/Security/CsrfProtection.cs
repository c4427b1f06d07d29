using Microsoft.AspNetCore.Antiforgery;

namespace Lifeline.Server.Security;

/// <summary>
/// A browser session's cookie is sent on cross-site requests too, so an API call that changes something and is
/// authenticated by that cookie must also carry the antiforgery token in <see cref="HeaderName"/> (read it from
/// <c>GET /api/auth/csrf</c>). Calls with an API token carry no ambient credential and need none. Forms (the dashboard)
/// are checked by ASP.NET Core's antiforgery middleware.
/// </summary>
internal static class CsrfProtection
{
    public const string HeaderName = "X-CSRF-TOKEN";

    public static IApplicationBuilder UseApiCsrfProtection(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal)
            && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method)
            && Principals.ViaCookie(context.User)
            && !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
        {
            await Results.Problem(
                title: "Missing or invalid CSRF token",
                detail: $"a request authenticated by the session cookie must carry the token from GET /api/auth/csrf in the {HeaderName} header",
                statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
            return;
        }

        await next(context);
    });
}
