using System.Diagnostics;
using System.Globalization;
using Lifeline.Engine.Audit;
using Lifeline.Engine.Secrets;

namespace Lifeline.Server.Security;

/// <summary>
/// Every API call goes into the hash-chained audit trail: who, which endpoint, the run/incident/step it touched, the
/// status code and the time taken. Written once the response is sent, so auditing does not add to latency. The public
/// status page (<c>/api/v2/</c>) is not the control plane's API and is not audited.
/// </summary>
internal static class ApiAudit
{
    public static IApplicationBuilder UseApiAudit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/api", StringComparison.Ordinal) || path.StartsWithSegments("/api/v2", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        context.Response.OnCompleted(async () =>
        {
            var audit = context.RequestServices.GetRequiredService<IAuditTrail>();
            var endpoint = context.GetEndpoint() as RouteEndpoint;
            var route = context.Request.RouteValues;
            var detail = new Dictionary<string, string>
            {
                ["method"] = context.Request.Method,
                ["path"] = path.Value ?? "",
                ["status"] = context.Response.StatusCode.ToString(CultureInfo.InvariantCulture),
                ["ms"] = Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture),
                ["via"] = context.User.Identity?.AuthenticationType ?? "none",
                ["remote"] = context.Connection.RemoteIpAddress?.ToString() ?? "",
            };
            var action = $"api.{context.Request.Method} {endpoint?.RoutePattern.RawText ?? path.Value}";
            var entry = AuditEntry.Create(
                Principals.Name(context.User), action, detail, new Redactor(),
                route.GetValueOrDefault("runId") as string, route.GetValueOrDefault("incidentId") as string, route.GetValueOrDefault("stepId") as string);
            await audit.AppendAsync(entry, CancellationToken.None);
        });
        await next(context);
    });
}
