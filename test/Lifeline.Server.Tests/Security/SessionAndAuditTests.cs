using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lifeline.Server.Security;
using Lifeline.Server.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Lifeline.Server.Tests.Security;

/// <summary>Sessions end on the server, tokens expire, redirects stay on this server, and refused calls are on the audit trail.</summary>
public sealed class SessionAndAuditTests(ManyLoginsServer server) : IClassFixture<ManyLoginsServer>
{
    [Fact]
    public async Task Logout_ThenTheOldCookieReplayed_Gets401()
    {
        // Given a signed-in browser, and a copy of its session cookie
        using var browser = new BrowserSession(server.BaseAddress);
        var cookie = await browser.SignInAsync("responder", ServerFixture.Password);
        using var before = await Replay(cookie).GetAsync("/api/me");

        // When the browser signs out and someone replays the copied cookie
        using var logout = await browser.PostWithCsrfAsync("/api/auth/logout", null);
        using var after = await Replay(cookie).GetAsync("/api/me");

        // Then the copy worked before and is refused after
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Theory]
    [InlineData("/\\evil.example")]
    [InlineData("//evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\/evil.example")]
    public async Task FormLogin_WithOffSiteReturnUrl_RedirectsHomeNever500(string returnUrl)
    {
        using var browser = new BrowserSession(server.BaseAddress);

        using var response = await browser.PostFormAsync("/login", "/account/login", null, new Dictionary<string, string>
        {
            ["username"] = "viewer",
            ["password"] = ServerFixture.Password,
            ["returnUrl"] = returnUrl,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Page_Unauthenticated_RedirectsRelativelyWhateverTheHostHeader()
    {
        using var browser = new BrowserSession(server.BaseAddress);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/incidents");
        request.Headers.Host = "evil.example";

        using var response = await browser.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?returnUrl=%2Fincidents", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Token_NewOne_ExpiresByDefaultAndOutOfRangeLifetimeIsRefused()
    {
        using var viewer = server.Client("viewer");

        using var created = await viewer.PostAsJsonAsync("/api/me/tokens", new { name = "ci" });
        using var forever = await viewer.PostAsJsonAsync("/api/me/tokens", new { name = "ci", expires_in_days = 100_000 });
        var expires = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("expires_at").GetDateTimeOffset();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.InRange(expires - TimeProvider.System.GetUtcNow(), TimeSpan.FromDays(89), TimeSpan.FromDays(91));
        Assert.Equal(HttpStatusCode.BadRequest, forever.StatusCode);
    }

    [Fact]
    public async Task Token_PastItsExpiry_IsRefused()
    {
        // Given the server's user store read through a clock that can be moved (the store and database are real)
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var users = await UserStore.OpenAsync(Path.Combine(server.Directory, "state.db"), time, CancellationToken.None);
        var (token, _) = await users.CreateTokenAsync("viewer", "short", TimeSpan.FromDays(1), CancellationToken.None);

        var fresh = await users.ValidateTokenAsync(token!.Token, CancellationToken.None);
        time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        var stale = await users.ValidateTokenAsync(token.Token, CancellationToken.None);

        Assert.Equal("viewer", fresh?.Username);
        Assert.Null(stale);
    }

    [Fact]
    public async Task RefusedCalls_401And403_AreOnTheAuditTrail()
    {
        // Given an anonymous caller and a viewer
        using var anonymous = server.Client(null);
        using var viewer = server.Client("viewer");
        var marker = Guid.NewGuid().ToString("N")[..8];

        // When each makes a call they may not make
        using var unauthenticated = await anonymous.GetAsync($"/api/runs/anon-{marker}/events");
        using var forbidden = await viewer.PostAsJsonAsync($"/api/runs/view-{marker}/abort", new { reason = "no" });
        using var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { username = "approver", password = "wrong " + marker });
        await Task.Delay(300);
        var records = await server.Client("admin").GetFromJsonAsync<JsonElement>("/api/audit?limit=5000");

        // Then both refusals and the failed sign-in are recorded, the sign-in with the account it tried
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var all = records.EnumerateArray().ToList();
        Assert.Contains(all, r => r.GetProperty("run_id").GetString() == $"anon-{marker}" && r.GetProperty("actor").GetString() == "anonymous" && Detail(r).Contains("401", StringComparison.Ordinal));
        Assert.Contains(all, r => r.GetProperty("run_id").GetString() == $"view-{marker}" && r.GetProperty("actor").GetString() == "viewer" && Detail(r).Contains("403", StringComparison.Ordinal));
        Assert.Contains(all, r => r.GetProperty("action").GetString() == "api.POST /api/auth/login" && Detail(r).Contains("approver", StringComparison.Ordinal) && Detail(r).Contains("401", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IncidentTitle_TenMegabytes_Is413AndLongTitleIs400()
    {
        using var responder = server.Client("responder");

        // (Expect: 100-continue, as curl sends for a large body: the server refuses before a byte of it is sent.)
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/incidents")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { title = new string('x', 10 * 1024 * 1024), severity = "P3" }), Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;
        using var huge = await responder.SendAsync(request);
        using var longish = await responder.PostAsJsonAsync("/api/incidents", new { title = new string('x', 5000), severity = "P3" });
        using var note = await responder.PostAsJsonAsync("/api/incidents/nope/notes", new { text = new string('x', 50_000) });
        var summary = await server.Client(null).GetStringAsync("/api/v2/summary.json");

        Assert.Contains((int)huge.StatusCode, new[] { 400, 413 });
        Assert.Equal(HttpStatusCode.BadRequest, longish.StatusCode);
        Assert.Contains("title is 5000 characters long; expected at most 200", await longish.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, note.StatusCode);
        Assert.DoesNotContain("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", summary, StringComparison.Ordinal);
    }

    private HttpClient Replay(string cookie)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    private static string Detail(JsonElement record) => record.TryGetProperty("detail", out var detail) ? detail.ToString() : record.ToString();
}
