using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Lifeline.Server.Security;
using Lifeline.Server.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Server.Tests.Security;

/// <summary>
/// Every endpoint the server maps × every role (and anonymous). The expected minimum role of each endpoint is written
/// down here, so a new endpoint fails this test until someone decides who may call it.
/// </summary>
public sealed class AuthorizationMatrixTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    /// <summary>"METHOD pattern" → the least role that may call it; null = anyone, signed in or not.</summary>
    private static readonly Dictionary<string, Role?> Expected = new(StringComparer.Ordinal)
    {
        ["GET /openapi/{documentName}.json"] = null,
        ["GET /healthz"] = null,
        ["GET /api/v2/summary.json"] = null,
        ["GET /api/v2/status.json"] = null,
        ["GET /api/v2/components.json"] = null,
        ["GET /api/v2/incidents/unresolved.json"] = null,
        ["GET /status"] = null,
        ["GET /login"] = null,
        ["POST /api/auth/login"] = null,
        // The communications test's acknowledgement: its link's unguessable token is the credential (recipients have no account).
        ["POST /api/communications/ack/{token}"] = null,
        ["POST /account/login"] = null,
        ["POST /account/logout"] = null,
        ["GET /_framework/opaque-redirect"] = null,
        ["POST /login"] = null,
        ["POST /status"] = null,
        ["GET /"] = Role.Viewer,
        ["POST /"] = Role.Viewer,
        ["POST /api/auth/logout"] = Role.Viewer,
        ["GET /api/auth/csrf"] = Role.Viewer,
        ["GET /api/me/"] = Role.Viewer,
        ["GET /api/me/tokens"] = Role.Viewer,
        ["POST /api/me/tokens"] = Role.Viewer,
        ["DELETE /api/me/tokens/{tokenId}"] = Role.Viewer,
        ["GET /api/users/"] = Role.Admin,
        ["POST /api/users/"] = Role.Admin,
        ["GET /api/users/{username}/tokens"] = Role.Admin,
        ["POST /api/users/{username}/reset"] = Role.Admin,
        ["DELETE /api/users/{username}/tokens/{tokenId}"] = Role.Admin,
        ["GET /api/estates/"] = Role.Viewer,
        ["GET /api/estates/{estate}"] = Role.Viewer,
        ["POST /api/estates/{estate}/validate"] = Role.Viewer,
        ["POST /api/estates/{estate}/plans/{scenario}/dry-run"] = Role.Viewer,
        ["GET /api/estates/{estate}/readiness"] = Role.Viewer,
        ["GET /api/estates/{estate}/health"] = Role.Viewer,
        ["GET /api/readiness/"] = Role.Viewer,
        ["GET /api/calendar/"] = Role.Viewer,
        ["GET /api/runs/"] = Role.Viewer,
        ["POST /api/runs/"] = Role.Responder,
        ["GET /api/runs/{runId}"] = Role.Viewer,
        ["GET /api/runs/{runId}/events"] = Role.Viewer,
        ["GET /api/runs/{runId}/events/stream"] = Role.Viewer,
        ["POST /api/runs/{runId}/resume"] = Role.Responder,
        ["POST /api/runs/{runId}/abort"] = Role.Responder,
        ["POST /api/runs/{runId}/steps/{stepId}/approve"] = Role.Approver,
        ["POST /api/runs/{runId}/steps/{stepId}/reject"] = Role.Approver,
        ["POST /api/runs/{runId}/steps/{stepId}/retry"] = Role.Responder,
        ["POST /api/runs/{runId}/steps/{stepId}/mark-done"] = Role.Responder,
        ["POST /api/runs/{runId}/steps/{stepId}/break-glass"] = Role.Responder,
        ["GET /api/drills/"] = Role.Viewer,
        ["GET /api/drills/{drillId}"] = Role.Viewer,
        ["POST /api/drills/sandbox"] = Role.Responder,
        ["GET /api/incidents/"] = Role.Viewer,
        ["GET /api/incidents/{incidentId}"] = Role.Viewer,
        ["POST /api/incidents/"] = Role.Responder,
        ["POST /api/incidents/{incidentId}/notes"] = Role.Responder,
        ["POST /api/incidents/{incidentId}/status"] = Role.Responder,
        ["POST /api/incidents/{incidentId}/publish"] = Role.Responder,
        ["GET /api/audit/verify"] = Role.Viewer,
        ["GET /api/audit/"] = Role.Admin,
        ["GET /api/audit/export"] = Role.Admin,
        ["GET /api/monitor/"] = Role.Viewer,
        ["POST /api/monitor/unblock"] = Role.Responder,
        ["GET /dashboard.js"] = null,
        ["GET /estate"] = Role.Viewer,
        ["POST /estate"] = Role.Viewer,
        ["GET /runs/{RunId}"] = Role.Viewer,
        ["POST /runs/{RunId}"] = Role.Viewer,
        ["GET /incidents"] = Role.Viewer,
        ["POST /incidents"] = Role.Viewer,
        ["GET /incidents/{IncidentId}"] = Role.Viewer,
        ["POST /incidents/{IncidentId}"] = Role.Viewer,
        ["GET /drills"] = Role.Viewer,
        ["POST /drills"] = Role.Viewer,
        ["GET /readiness"] = Role.Viewer,
        ["POST /readiness"] = Role.Viewer,
        ["GET /calendar"] = Role.Viewer,
        ["POST /calendar"] = Role.Viewer,
        ["GET /drills/{DrillId}"] = Role.Viewer,
        ["POST /drills/{DrillId}"] = Role.Viewer,
        ["GET /audit"] = Role.Admin,
        ["POST /audit"] = Role.Admin,
    };

    private static readonly string?[] Callers = ["anonymous", "viewer", "responder", "approver", "admin"];

    [Fact]
    public void Matrix_EveryMappedEndpoint_HasAnExpectedRole()
    {
        var unlisted = Endpoints().Where(e => !Expected.ContainsKey(e)).ToList();
        var stale = Expected.Keys.Where(k => !Endpoints().Contains(k)).ToList();

        Assert.True(unlisted.Count == 0, "endpoints without an expected role: " + string.Join(", ", unlisted));
        Assert.True(stale.Count == 0, "expected roles for endpoints that no longer exist: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task Matrix_EveryEndpointTimesEveryRole_AllowsExactlyTheRolesAtOrAboveItsMinimum()
    {
        var failures = new List<string>();
        foreach (var endpoint in Endpoints().Where(Expected.ContainsKey))
        {
            var minimum = Expected[endpoint];
            foreach (var caller in Callers)
            {
                var role = caller == "anonymous" ? (Role?)null : Roles.Parse(caller);
                var (status, location) = await CallAsync(endpoint, caller == "anonymous" ? null : caller);
                var allowed = minimum is null || (role is not null && role >= minimum);
                var expected = allowed ? "allowed" : role is null ? "401/redirect" : "403";
                var actual = status switch
                {
                    HttpStatusCode.Unauthorized => "401/redirect",
                    HttpStatusCode.Redirect when location?.Contains("/login?returnUrl=", StringComparison.Ordinal) == true => "401/redirect",
                    HttpStatusCode.Forbidden => "403",
                    _ => "allowed",
                };
                if (endpoint == "POST /api/auth/login")
                {
                    // Wrong credentials are a 401 by design; what matters is that nobody is forbidden to try.
                    actual = status == HttpStatusCode.Forbidden ? "403" : "allowed";
                }

                if (actual != expected)
                {
                    failures.Add($"{endpoint} as {caller}: expected {expected}, got {(int)status}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private IReadOnlyList<string> Endpoints() =>
        [.. server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Distinct()];

    private async Task<(HttpStatusCode Status, string? Location)> CallAsync(string endpoint, string? user)
    {
        var (method, pattern) = (endpoint[..endpoint.IndexOf(' ', StringComparison.Ordinal)], endpoint[(endpoint.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        var path = pattern
            .Replace("{documentName}", "v1", StringComparison.Ordinal)
            .Replace("{estate}", "nope", StringComparison.Ordinal)
            .Replace("{scenario}", "nope", StringComparison.Ordinal)
            .Replace("{runId}", "nope", StringComparison.OrdinalIgnoreCase)
            .Replace("{stepId}", "nope", StringComparison.Ordinal)
            .Replace("{drillId}", "nope", StringComparison.OrdinalIgnoreCase)
            .Replace("{incidentId}", "nope", StringComparison.OrdinalIgnoreCase)
            .Replace("{tokenId}", "nope", StringComparison.Ordinal)
            .Replace("{username}", "nope", StringComparison.Ordinal);
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var client = new HttpClient(handler) { BaseAddress = server.BaseAddress };
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (user is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.Tokens[user]);
        }

        if (method is "POST")
        {
            // Harmless everywhere: names nothing that exists, so allowed calls fail validation or find nothing.
            request.Content = new StringContent("""{"estate":"nope","scenario":"nope","mode":"drill","reason":"matrix","name":"matrix","text":"","status":"nope","title":""}""", Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return (response.StatusCode, response.Headers.Location?.ToString());
    }
}
