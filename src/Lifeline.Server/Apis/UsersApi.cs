using Lifeline.Server.Hosting;
using Lifeline.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lifeline.Server.Apis;

/// <summary>Users and their API tokens, for admins. A token's secret is in the creation response only.</summary>
internal static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization(Roles.Policy(Role.Admin));
        api.MapGet("/", ListAsync);
        api.MapPost("/", CreateAsync);
        api.MapGet("/{username}/tokens", async (string username, ServerState state, CancellationToken ct) => TypedResults.Ok(await state.Users.ListTokensAsync(username, ct)));
        api.MapPost("/{username}/tokens", CreateTokenAsync);
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

    private static async Task<Results<Created<CreatedToken>, ProblemHttpResult>> CreateTokenAsync(string username, TokenBody body, ServerState state, CancellationToken cancellationToken)
    {
        var (token, error) = await state.Users.CreateTokenAsync(username, string.IsNullOrWhiteSpace(body.Name) ? "api" : body.Name, cancellationToken);
        return token is null ? ApiProblems.NotFound(error!) : TypedResults.Created($"/api/users/{username}/tokens/{token.Id}", token);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string username, string tokenId, ServerState state, CancellationToken cancellationToken) =>
        await state.Users.RevokeTokenAsync(tokenId, username, cancellationToken) ? TypedResults.NoContent() : ApiProblems.NotFound($"no token '{tokenId}' of {username}");

    private static UserItem Item(ServerUser user) => new(user.Username, Roles.Name(user.Role), user.Contact, user.CreatedAt, user.Disabled);
}
