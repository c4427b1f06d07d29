using System.Net;
using System.Net.Http.Json;
using Lifeline.Server.Tests.Support;

namespace Lifeline.Server.Tests.Security;

/// <summary>The login rate limit (its own server: the limit is per client address, and every test calls from 127.0.0.1).</summary>
public sealed class LoginRateLimitTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Login_RepeatedWrongPasswords_AreRateLimited()
    {
        using var client = server.Client(null);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/auth/login", new { username = "viewer", password = "wrong password" + i });
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.Unauthorized, statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}
