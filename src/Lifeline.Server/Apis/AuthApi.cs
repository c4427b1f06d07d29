using System.Globalization;
using System.Security.Claims;
using Lifeline.Server.Hosting;
using Lifeline.Server.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Lifeline.Server.Apis;

/// <summary>
/// Signing in and out (session cookie, rate-limited), the CSRF token for cookie clients, and the signed-in user's own
/// API tokens. The dashboard's login form posts to <c>/account/login</c>, the same logic behind an antiforgery-checked form.
/// </summary>
internal static class AuthApi
{
    public const string LoginRateLimit = "login";

    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth").WithBodyLimits();
        auth.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(LoginRateLimit);
        auth.MapPost("/logout", LogoutAsync).RequireAuthorization(Roles.Policy(Role.Viewer));
        auth.MapGet("/csrf", Csrf).RequireAuthorization(Roles.Policy(Role.Viewer));

        var me = app.MapGroup("/api/me").WithTags("Auth").RequireAuthorization(Roles.Policy(Role.Viewer)).WithBodyLimits();
        me.MapGet("/", (ClaimsPrincipal user) => TypedResults.Ok(Who(user)));
        me.MapGet("/tokens", async (ClaimsPrincipal user, ServerState state, CancellationToken ct) => TypedResults.Ok(await state.Users.ListTokensAsync(Principals.Name(user), ct)));
        me.MapPost("/tokens", CreateTokenAsync);
        me.MapDelete("/tokens/{tokenId}", RevokeTokenAsync);

        var account = app.MapGroup("/account").ExcludeFromDescription();
        account.MapPost("/login", FormLoginAsync).AllowAnonymous().RequireRateLimiting(LoginRateLimit);
        account.MapPost("/logout", FormLogoutAsync).AllowAnonymous();
        return auth;
    }

    public static Me Who(ClaimsPrincipal user) =>
        new(Principals.Name(user), Roles.Of(user) is { } role ? Roles.Name(role) : "none", Principals.Contact(user), user.Identity?.AuthenticationType ?? "none");

    private static async Task<Results<Ok<Me>, ProblemHttpResult>> LoginAsync(LoginBody body, HttpContext http, ServerState state, LoginThrottle throttle, ServerOptions options, CancellationToken cancellationToken)
    {
        var username = body.Username ?? "";
        ApiAudit.NameLogin(http, username);
        if (throttle.WaitFor(username) is { Ticks: > 0 } wait)
        {
            http.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem("too many failed sign-ins for this account; try again later", statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests");
        }

        var user = await state.Users.VerifyPasswordAsync(username, body.Password ?? "", cancellationToken);
        if (user is null)
        {
            throttle.Failed(username);
            return ApiProblems.Unauthorized("unknown user or wrong password");
        }

        throttle.Succeeded(username);
        var principal = await SignInAsync(http, user, state, options, cancellationToken);
        return TypedResults.Ok(Who(principal));
    }

    private static async Task<NoContent> LogoutAsync(HttpContext http, ServerState state)
    {
        await SignOutAsync(http, state);
        return TypedResults.NoContent();
    }

    private static Ok<CsrfToken> Csrf(HttpContext http, IAntiforgery antiforgery) =>
        TypedResults.Ok(new CsrfToken(CsrfProtection.HeaderName, antiforgery.GetAndStoreTokens(http).RequestToken!));

    private static async Task<Results<Created<CreatedToken>, ProblemHttpResult>> CreateTokenAsync(TokenBody body, ClaimsPrincipal user, ServerState state, CancellationToken cancellationToken)
    {
        if (body.ExpiresInDays is < 1 or > 3650)
        {
            return ApiProblems.BadRequest($"expires_in_days {body.ExpiresInDays} is out of range; expected 1 to 3650 (default {UserStore.DefaultTokenLifetime.TotalDays:0})");
        }

        var lifetime = body.ExpiresInDays is { } days ? TimeSpan.FromDays(days) : UserStore.DefaultTokenLifetime;
        var (token, error) = await state.Users.CreateTokenAsync(Principals.Name(user), string.IsNullOrWhiteSpace(body.Name) ? "api" : body.Name, lifetime, cancellationToken);
        return token is null ? ApiProblems.BadRequest(error!) : TypedResults.Created($"/api/me/tokens/{token.Id}", token);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeTokenAsync(string tokenId, ClaimsPrincipal user, ServerState state, CancellationToken cancellationToken) =>
        await state.Users.RevokeTokenAsync(tokenId, Principals.Name(user), cancellationToken) ? TypedResults.NoContent() : ApiProblems.NotFound($"no token '{tokenId}' of yours");

    private static async Task<RedirectHttpResult> FormLoginAsync(
        [FromForm] string username, [FromForm] string password, [FromForm] string? returnUrl, HttpContext http, ServerState state, LoginThrottle throttle, ServerOptions options, CancellationToken cancellationToken)
    {
        ApiAudit.NameLogin(http, username);
        if (throttle.WaitFor(username) > TimeSpan.Zero)
        {
            return TypedResults.Redirect("/login?failed=1");
        }

        var user = await state.Users.VerifyPasswordAsync(username, password, cancellationToken);
        if (user is null)
        {
            throttle.Failed(username);
            return TypedResults.Redirect("/login?failed=1");
        }

        throttle.Succeeded(username);
        await SignInAsync(http, user, state, options, cancellationToken);
        return TypedResults.Redirect(LocalPath(returnUrl));
    }

    private static async Task<RedirectHttpResult> FormLogoutAsync(HttpContext http, ServerState state)
    {
        await SignOutAsync(http, state);
        return TypedResults.Redirect("/login");
    }

    /// <summary>
    /// Where to go after signing in: a path on this server, or <c>/</c>. Only relative paths are ever sent back, so the
    /// Host header never makes a redirect; <c>//host</c>, <c>/\host</c>, schemes and control characters are refused.
    /// </summary>
    public static string LocalPath(string? returnUrl) =>
        returnUrl is { Length: > 0 and <= 2048 } url && url[0] == '/' && (url.Length == 1 || url[1] != '/')
            && !url.Contains('\\', StringComparison.Ordinal) && !url.Any(char.IsControl)
            ? url
            : "/";

    private static async Task<ClaimsPrincipal> SignInAsync(HttpContext http, ServerUser user, ServerState state, ServerOptions options, CancellationToken cancellationToken)
    {
        var session = await state.Users.StartSessionAsync(user.Username, options.SessionLifetime, cancellationToken);
        var principal = Principals.Create(user, Principals.CookieAuthentication, session);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        return principal;
    }

    // The session ends in the store, not only in the browser: a copy of the old cookie gets 401 from now on.
    private static async Task SignOutAsync(HttpContext http, ServerState state)
    {
        if (Principals.SessionId(http.User) is { } session)
        {
            await state.Users.EndSessionAsync(session, CancellationToken.None);
        }

        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}
