using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Sandbox.Tests.Servers;
using Npgsql;

namespace Lifeline.Sandbox.Tests.Portal;

/// <summary>Failure paths; these stop the cluster, so they have their own fixture.</summary>
public sealed class PortalDatabaseDownTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task HealthDb_DatabaseStoppedThenStarted_503ProblemThenRecovers()
    {
        using var http = new HttpClient { BaseAddress = fixture.Portal.BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health/db", UriKind.Relative))).StatusCode);

        await fixture.Cluster.StopAsync();
        var stopwatch = Stopwatch.StartNew();
        var down = await http.GetAsync(new Uri("/health/db", UriKind.Relative));
        var downElapsed = stopwatch.Elapsed;
        var write = await http.PostAsJsonAsync("/patients", new { name = "during outage" });
        var process = await http.GetAsync(new Uri("/health", UriKind.Relative));
        await fixture.Cluster.StartAsync();
        var up = await http.GetAsync(new Uri("/health/db", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.True(downElapsed < TimeSpan.FromSeconds(6), $"503 took {downElapsed}");
        Assert.Equal("application/problem+json", down.Content.Headers.ContentType?.MediaType);
        var problem = await down.Content.ReadAsStringAsync();
        Assert.Contains("Database unavailable", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", problem, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
        Assert.Equal(HttpStatusCode.OK, process.StatusCode);
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
    }

    [Fact]
    public async Task Start_ReadOnlyDatabase_SkipsSchemaAndRefusesWritesWith503()
    {
        await fixture.Cluster.CreateDatabaseAsync("readonly_db");
        await using (var connection = new NpgsqlConnection(fixture.Cluster.ConnectionString()))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand("ALTER DATABASE readonly_db SET default_transaction_read_only = on", connection).ExecuteNonQueryAsync();
        }

        await using var portal = await PortalProcess.StartAsync(fixture.Cluster, "readonly_db", site: "dr");
        using var http = new HttpClient { BaseAddress = portal.BaseAddress };
        var health = await http.GetFromJsonAsync<JsonElement>("/health/db");
        var write = await http.PostAsJsonAsync("/patients", new { name = "nope" });

        Assert.False(health.GetProperty("writable").GetBoolean());
        Assert.Contains("read-only", portal.Output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
    }

    [Fact]
    public async Task Start_DatabaseStartsAfterThePortal_SchemaCreatedAndLoginWorksWithoutARestart()
    {
        // Given a portal started while its database is down (or too slow to answer within the 2 s connect timeout, as
        // under a busy CI run, where a whole test class then saw 503s)
        await fixture.Cluster.CreateDatabaseAsync("late_db");
        await fixture.Cluster.StopAsync();
        await using var portal = await PortalProcess.StartAsync(fixture.Cluster, "late_db", site: "late");
        using var http = new HttpClient { BaseAddress = portal.BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
        var before = await http.PostAsJsonAsync("/auth/login", new { email = "test@example.com", password = "testpassword" });

        // When the database comes up
        await fixture.Cluster.StartAsync();

        // Then the portal creates its schema and seed by itself, and the test account logs in
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(30);
        HttpStatusCode after;
        do
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200));
            using var login = await http.PostAsJsonAsync("/auth/login", new { email = "test@example.com", password = "testpassword" });
            after = login.StatusCode;
        }
        while (after != HttpStatusCode.OK && TimeProvider.System.GetUtcNow() < deadline);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after);
        Assert.Contains("trying every second", portal.Output, StringComparison.Ordinal);
        Assert.Contains("Schema ready", portal.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MissingSecretFile_ExitsWithClearError()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "lifeline-portal.dll"), "--urls", "http://127.0.0.1:0" },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment = { ["PORTAL_DB_SECRET_FILE"] = "/nonexistent/secret.json", ["PORTAL_SITE"] = "primary" },
        };

        using var process = Process.Start(info)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("/nonexistent/secret.json", error, StringComparison.Ordinal);
    }
}
