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
        var auth = app.MapGroup("/api/auth").WithTags("Auth");
        auth.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(LoginRateLimit);
        auth.MapPost("/logout", (Delegate)LogoutAsync).RequireAuthorization(Roles.Policy(Role.Viewer));
        auth.MapGet("/csrf", Csrf).RequireAuthorization(Roles.Policy(Role.Viewer));

        var me = app.MapGroup("/api/me").WithTags("Auth").RequireAuthorization(Roles.Policy(Role.Viewer));
        me.MapGet("/", (ClaimsPrincipal user) => TypedResults.Ok(Who(user)));
        me.MapGet("/tokens", async (ClaimsPrincipal user, ServerState state, CancellationToken ct) => TypedResults.Ok(await state.Users.ListTokensAsync(Principals.Name(user), ct)));
        me.MapPost("/tokens", CreateTokenAsync);
        me.MapDelete("/tokens/{tokenId}", RevokeTokenAsync);

        var account = app.MapGroup("/account").ExcludeFromDescription();
        account.MapPost("/login", FormLoginAsync).AllowAnonymous().RequireRateLimiting(LoginRateLimit);
        account.MapPost("/logout", (Delegate)FormLogoutAsync).AllowAnonymous();
        return auth;
    }

    public static Me Who(ClaimsPrincipal user) =>
        new(Principals.Name(user), Roles.Of(user) is { } role ? Roles.Name(role) : "none", Principals.Contact(user), user.Identity?.AuthenticationType ?? "none");

    private static async Task<Results<Ok<Me>, ProblemHttpResult>> LoginAsync(LoginBody body, HttpContext http, ServerState state, CancellationToken cancellationToken)
    {
        var user = await state.Users.VerifyPasswordAsync(body.Username ?? "", body.Password ?? "", cancellationToken);
        if (user is null)
        {
            return ApiProblems.Unauthorized("unknown user or wrong password");
        }

        var principal = Principals.Create(user, Principals.CookieAuthentication);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        return TypedResults.Ok(Who(principal));
    }

    private static async Task<NoContent> LogoutAsync(HttpContext http)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    private static Ok<CsrfToken> Csrf(HttpContext http, IAntiforgery antiforgery) =>
        TypedResults.Ok(new CsrfToken(CsrfProtection.HeaderName, antiforgery.GetAndStoreTokens(http).RequestToken!));

    private static async Task<Results<Created<CreatedToken>, ProblemHttpResult>> CreateTokenAsync(TokenBody body, ClaimsPrincipal user, ServerState state, CancellationToken cancellationToken)
    {
        var (token, error) = await state.Users.CreateTokenAsync(Principals.Name(user), string.IsNullOrWhiteSpace(body.Name) ? "api" : body.Name, cancellationToken);
        return token is null ? ApiProblems.BadRequest(error!) : TypedResults.Created($"/api/me/tokens/{token.Id}", token);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeTokenAsync(string tokenId, ClaimsPrincipal user, ServerState state, CancellationToken cancellationToken) =>
        await state.Users.RevokeTokenAsync(tokenId, Principals.Name(user), cancellationToken) ? TypedResults.NoContent() : ApiProblems.NotFound($"no token '{tokenId}' of yours");

    private static async Task<RedirectHttpResult> FormLoginAsync([FromForm] string username, [FromForm] string password, [FromForm] string? returnUrl, HttpContext http, ServerState state, CancellationToken cancellationToken)
    {
        var user = await state.Users.VerifyPasswordAsync(username, password, cancellationToken);
        if (user is null)
        {
            return TypedResults.LocalRedirect("/login?failed=1");
        }

        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Principals.Create(user, Principals.CookieAuthentication));
        return TypedResults.LocalRedirect(returnUrl is { Length: > 1 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/");
    }

    private static async Task<RedirectHttpResult> FormLogoutAsync(HttpContext http)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.LocalRedirect("/login");
    }
}
