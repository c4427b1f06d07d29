using Lifeline.Server.Hosting;
using Lifeline.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lifeline.Server.Apis;

/// <summary>
/// Users and their API tokens, for admins. An admin lists and revokes tokens, and may reset a user (end every session,
/// revoke every token), but never mints one for someone else: a token is created only by its own user
/// (<c>POST /api/me/tokens</c>), so nobody can act, or approve, as another person.
/// </summary>
internal static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization(Roles.Policy(Role.Admin)).WithBodyLimits();
        api.MapGet("/", ListAsync);
        api.MapPost("/", CreateAsync);
        api.MapGet("/{username}/tokens", async (string username, ServerState state, CancellationToken ct) => TypedResults.Ok(await state.Users.ListTokensAsync(username, ct)));
        api.MapPost("/{username}/reset", ResetAsync);
        api.MapDelete("/{username}/tokens/{tokenId}", RevokeAsync);
        return api;
    }

    private static async Task<Ok<IReadOnlyList<UserItem>>> ListAsync(ServerState state, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<UserItem>>([.. (await state.Users.ListUsersAsync(cancellationToken)).Select(Item)]);

    private static async Task<Results<Created<UserItem>, ProblemHttpResult>> CreateAsync(CreateUserBody body, ServerState state, CancellationToken cancellationToken)
    {
        if (Roles.Parse(body.Role) is not { } role)
        {
            return ApiProblems.BadRequest($"role '{body.Role}' is not known; expected viewer, responder, approver or admin");
        }

        var (user, error) = await state.Users.AddUserAsync(body.Username ?? "", body.Password ?? "", role, body.Contact, cancellationToken);
        return user is null
            ? error!.EndsWith("already exists", StringComparison.Ordinal) ? ApiProblems.Conflict(error) : ApiProblems.BadRequest(error)
            : TypedResults.Created($"/api/users/{user.Username}", Item(user));
    }

    private static async Task<Results<Ok<UserReset>, ProblemHttpResult>> ResetAsync(string username, ServerState state, CancellationToken cancellationToken)
    {
        if (await state.Users.GetUserAsync(username, cancellationToken) is not { } user)
        {
            return ApiProblems.NotFound($"no user '{username}'");
        }

        var (sessions, tokens) = await state.Users.ResetAsync(user.Username, cancellationToken);
        return TypedResults.Ok(new UserReset(user.Username, sessions, tokens));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string username, string tokenId, ServerState state, CancellationToken cancellationToken) =>
        await state.Users.RevokeTokenAsync(tokenId, username, cancellationToken) ? TypedResults.NoContent() : ApiProblems.NotFound($"no token '{tokenId}' of {username}");

    private static UserItem Item(ServerUser user) => new(user.Username, Roles.Name(user.Role), user.Contact, user.CreatedAt, user.Disabled);
}
