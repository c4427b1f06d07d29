using System.Security.Claims;

namespace Lifeline.Server.Security;

/// <summary>Builds the signed-in principal from a user, and reads who is acting back from it.</summary>
public static class Principals
{
    public const string CookieAuthentication = "cookie";
    public const string TokenAuthentication = "token";

    /// <summary>The server-side session a cookie principal belongs to (see <see cref="UserStore.ValidateSessionAsync"/>).</summary>
    public const string SessionClaimType = "lifeline:session";

    public static ClaimsPrincipal Create(ServerUser user, string authenticationType, string? sessionId = null)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, user.Username),
            new(Roles.ClaimType, Roles.Name(user.Role)),
        };
        if (user.Contact is not null)
        {
            claims.Add(new Claim(Roles.ContactClaimType, user.Contact));
        }

        if (sessionId is not null)
        {
            claims.Add(new Claim(SessionClaimType, sessionId));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, Roles.ClaimType));
    }

    /// <summary>The user name, or "anonymous".</summary>
    public static string Name(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true ? user.Identity.Name ?? "anonymous" : "anonymous";

    public static string? Contact(ClaimsPrincipal user) => user.FindFirstValue(Roles.ContactClaimType);

    public static string? SessionId(ClaimsPrincipal user) => user.FindFirstValue(SessionClaimType);

    /// <summary>Whether the request was authenticated by the session cookie (and so needs a CSRF token to change anything).</summary>
    public static bool ViaCookie(ClaimsPrincipal user) => user.Identity is { IsAuthenticated: true, AuthenticationType: CookieAuthentication };
}
