using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Server.Tests.Support;

namespace Lifeline.Server.Tests.Security;

/// <summary>Session cookies, CSRF on cookie-authenticated changes, the login rate limit, security headers, API tokens shown once.</summary>
public sealed class WebHardeningTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task CookieSession_ChangeWithoutCsrfToken_IsRefusedAndWithTokenSucceeds()
    {
        // Given a browser-like client signed in with a password
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var client = new HttpClient(handler) { BaseAddress = server.BaseAddress };
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { username = "responder", password = ServerFixture.Password });
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("lifeline.session=", StringComparison.Ordinal));

        // When it changes something without, then with, the CSRF token
        using var without = await client.PostAsJsonAsync("/api/incidents", new { title = "t", severity = "P3" });
        var csrf = await client.GetFromJsonAsync<JsonElement>("/api/auth/csrf");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/incidents") { Content = JsonContent.Create(new { title = "t", severity = "P3" }) };
        request.Headers.Add(csrf.GetProperty("header_name").GetString()!, csrf.GetProperty("token").GetString());
        using var with = await client.SendAsync(request);

        // Then the cookie is HttpOnly and SameSite=Strict, and only the request carrying the token is carried out
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        Assert.Equal("Missing or invalid CSRF token", (await without.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Created, with.StatusCode);
    }

    [Fact]
    public async Task AnyResponse_CarriesSecurityHeaders()
    {
        using var client = server.Client(null);

        using var response = await client.GetAsync("/status");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task ApiToken_CreatedOnce_WorksAndIsNeverListedWithItsSecret()
    {
        using var viewer = server.Client("viewer");
        using var created = await viewer.PostAsJsonAsync("/api/me/tokens", new { name = "laptop" });
        var token = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        using var withNew = new HttpClient { BaseAddress = server.BaseAddress };
        withNew.DefaultRequestHeaders.Authorization = new("Bearer", token);

        var me = await withNew.GetFromJsonAsync<JsonElement>("/api/me");
        var listed = await viewer.GetStringAsync("/api/me/tokens");
        using var forged = new HttpClient { BaseAddress = server.BaseAddress };
        forged.DefaultRequestHeaders.Authorization = new("Bearer", token[..^2] + "xx");
        using var refused = await forged.GetAsync("/api/me");

        Assert.Equal("viewer", me.GetProperty("username").GetString());
        Assert.DoesNotContain(token[20..], listed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task ApiCall_IsWrittenToTheAuditTrail()
    {
        using var viewer = server.Client("viewer");
        using var admin = server.Client("admin");
        using var call = await viewer.GetAsync("/api/runs/nope");
        await Task.Delay(200);

        var records = await admin.GetFromJsonAsync<JsonElement>("/api/audit?limit=5000");

        Assert.Contains(records.EnumerateArray(), r => r.GetProperty("actor").GetString() == "viewer" && r.GetProperty("action").GetString() == "api.GET /api/runs/{runId}" && r.GetProperty("run_id").GetString() == "nope");
    }
}
