using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Lifeline.Server.Tests.Support;

/// <summary>A browser-like client: a cookie jar, no automatic redirects, and the dashboard's antiforgery-checked forms.</summary>
public sealed partial class BrowserSession(Uri baseAddress) : IDisposable
{
    private readonly HttpClientHandler _handler = new() { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
    private HttpClient? _client;

    public HttpClient Client => _client ??= new HttpClient(_handler) { BaseAddress = baseAddress };

    public CookieContainer Cookies => _handler.CookieContainer;

    /// <summary>Signs in through the JSON API; returns the session cookie's header value ("lifeline.session=…").</summary>
    public async Task<string> SignInAsync(string username, string password)
    {
        using var login = await Client.PostAsJsonAsync("/api/auth/login", new { username, password });
        login.EnsureSuccessStatusCode();
        return Cookies.GetCookies(baseAddress).Single(c => c.Name == "lifeline.session").ToString();
    }

    /// <summary>Sends a change with the CSRF header a cookie client must carry.</summary>
    public async Task<HttpResponseMessage> PostWithCsrfAsync(string path, object? body)
    {
        var csrf = await Client.GetFromJsonAsync<JsonElement>("/api/auth/csrf");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add(csrf.GetProperty("header_name").GetString()!, csrf.GetProperty("token").GetString());
        return await Client.SendAsync(request);
    }

    /// <summary>Loads a page and posts one of its forms back with the page's antiforgery token and these fields.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string page, string action, string? formName, IReadOnlyDictionary<string, string> fields)
    {
        var html = await Client.GetStringAsync(page);
        var token = AntiforgeryField().Match(html);
        Assert.True(token.Success, $"no antiforgery token on {page}");
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups["value"].Value) };
        if (formName is not null)
        {
            form["_handler"] = formName;
        }

        return await Client.PostAsync(action, new FormUrlEncodedContent(form));
    }

    public void Dispose()
    {
        _client?.Dispose();
        _handler.Dispose();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"(?<value>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
