using System.Net;
using System.Net.Http.Json;
using Lifeline.Server.Tests.Support;

namespace Lifeline.Server.Tests.Security;

/// <summary>Failed sign-ins back off per account, whatever address they come from, and say nothing about the password then.</summary>
public sealed class LoginBackoffTests(BackoffServer server) : IClassFixture<BackoffServer>
{
    [Fact]
    public async Task Login_WrongPasswordsForOneAccount_ShutThatAccountOnlyEvenToTheRightPassword()
    {
        using var client = server.Client(null);
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 4; i++)
        {
            using var wrong = await client.PostAsJsonAsync("/api/auth/login", new { username = "approver2", password = "wrong password " + i });
            statuses.Add(wrong.StatusCode);
        }

        using var right = await client.PostAsJsonAsync("/api/auth/login", new { username = "approver2", password = ServerFixture.Password });
        using var other = await client.PostAsJsonAsync("/api/auth/login", new { username = "approver", password = ServerFixture.Password });

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.True(right.Headers.RetryAfter is not null, "a 429 says when to try again");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }
}
