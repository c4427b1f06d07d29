using System.Diagnostics;
using System.Globalization;
using Lifeline.Engine.Audit;
using Lifeline.Engine.Secrets;

namespace Lifeline.Server.Security;

/// <summary>
/// Every API call goes into the hash-chained audit trail, refused ones included (401, 403, 413, 429: this runs before
/// rate limiting, authentication and authorization): who, which endpoint, the run/incident/step it touched, the status
/// code and the time taken; sign-ins also name the account tried. Written once the response is sent, so auditing does
/// not add to latency. The public status page (<c>/api/v2/</c>) is not the control plane's API and is not audited.
/// </summary>
internal static class ApiAudit
{
    private const string LoginKey = "lifeline.audit.login";

    /// <summary>Which account a sign-in tried, for its audit record (cut short: it is whatever the caller typed).</summary>
    public static void NameLogin(HttpContext context, string username) =>
        context.Items[LoginKey] = username.Length > 64 ? username[..64] + "…" : username;

    public static IApplicationBuilder UseApiAudit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        var api = path.StartsWithSegments("/api", StringComparison.Ordinal) && !path.StartsWithSegments("/api/v2", StringComparison.Ordinal);
        if (!api && !path.StartsWithSegments("/account", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();

        // Resolved now: by the time the response has completed, the request's services are gone.
        var audit = context.RequestServices.GetRequiredService<IAuditTrail>();
        context.Response.OnCompleted(async () =>
        {
            var endpoint = context.GetEndpoint() as RouteEndpoint;
            var route = context.Request.RouteValues;
            var detail = new Dictionary<string, string>
            {
                ["method"] = context.Request.Method,
                // A link's token is a credential (the communications test's acknowledgement): the trail keeps the route, not it.
                ["path"] = route.ContainsKey("token") ? endpoint?.RoutePattern.RawText ?? "" : path.Value ?? "",
                ["status"] = context.Response.StatusCode.ToString(CultureInfo.InvariantCulture),
                ["ms"] = Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture),
                ["via"] = context.User.Identity?.AuthenticationType ?? "none",
                ["remote"] = context.Connection.RemoteIpAddress?.ToString() ?? "",
            };
            if (context.Items.TryGetValue(LoginKey, out var tried) && tried is string login)
            {
                detail["username"] = login;
            }

            var action = $"api.{context.Request.Method} {endpoint?.RoutePattern.RawText ?? path.Value}";
            var entry = AuditEntry.Create(
                Principals.Name(context.User), action, detail, new Redactor(),
                route.GetValueOrDefault("runId") as string, route.GetValueOrDefault("incidentId") as string, route.GetValueOrDefault("stepId") as string);
            await audit.AppendAsync(entry, CancellationToken.None);
        });
        await next(context);
    });
}
