using System.Security.Cryptography;
using Lifeline.Sandbox.Portal.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Lifeline.Sandbox.Portal.Apis;

/// <summary>The runbook's authentication test: <c>POST /auth/login</c> with the seeded test user.</summary>
internal static class AuthApi
{
    public static void MapAuthApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/auth/login", LoginAsync).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task<Results<Ok<LoginResponse>, UnauthorizedHttpResult, ValidationProblem>> LoginAsync(
        LoginRequest request, NpgsqlDataSource db, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(request.Email) || string.IsNullOrEmpty(request.Password))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["email"] = ["email and password are required."] });

        await using var command = db.CreateCommand("SELECT password_hash FROM users WHERE email = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = request.Email });
        if (await command.ExecuteScalarAsync(ct) is not string stored || !PasswordHash.Verify(request.Password, stored))
            return TypedResults.Unauthorized();
        return TypedResults.Ok(new LoginResponse(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
    }
}
