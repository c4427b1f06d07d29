using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Lifeline.Server.Security;

/// <summary>Role names, parsing, and one authorization policy per role (a policy admits its role and every higher one).</summary>
public static class Roles
{
    public const string ClaimType = "lifeline:role";
    public const string ContactClaimType = "lifeline:contact";

    public static readonly IReadOnlyList<Role> All = Enum.GetValues<Role>();

    public static string Name(Role role) => role.ToString().ToLowerInvariant();

    /// <summary>The policy name requiring at least <paramref name="role"/>.</summary>
    public static string Policy(Role role) => "at-least-" + Name(role);

    public static Role? Parse(string? text) =>
        Enum.TryParse<Role>(text, ignoreCase: true, out var role) && Enum.IsDefined(role) && !int.TryParse(text, out _) ? role : null;

    public static Role? Of(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true ? Parse(user.FindFirstValue(ClaimType)) : null;

    internal static void AddPolicies(AuthorizationOptions options)
    {
        foreach (var role in All)
        {
            options.AddPolicy(Policy(role), policy => policy.RequireAuthenticatedUser().RequireAssertion(context => Of(context.User) >= role));
        }
    }
}
