using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Sandbox.Tests.Servers;
using Npgsql;
using Xunit.Abstractions;

namespace Lifeline.Sandbox.Tests.Portal;

public sealed class PortalApiTests(PortalFixture fixture, ITestOutputHelper output) : IClassFixture<PortalFixture>, IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = fixture.Portal.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Health_ProcessUp_ReturnsOkAndSite()
    {
        output.WriteLine($"portal startup to first /health 200: {fixture.Portal.StartupTime.TotalMilliseconds:F0} ms");

        var body = await _http.GetFromJsonAsync<JsonElement>("/health");

        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal("primary", body.GetProperty("site").GetString());
    }

    [Fact]
    public async Task HealthDb_WritablePrimary_ReportsWritableNotInRecovery()
    {
        var body = await _http.GetFromJsonAsync<JsonElement>("/health/db");

        Assert.True(body.GetProperty("writable").GetBoolean());
        Assert.False(body.GetProperty("in_recovery").GetBoolean());
    }

    [Fact]
    public async Task CreatePatient_ValidName_ReturnsIdAndCommitsAuditRow()
    {
        var response = await _http.PostAsJsonAsync("/patients", new { name = "Ada Lovelace" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetInt64();
        Assert.True(body.TryGetProperty("created_at", out _));
        await using var connection = new NpgsqlConnection(fixture.Cluster.ConnectionString(PortalFixture.Database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT name FROM patients WHERE id = $1), (SELECT count(*) FROM audit_logs WHERE entity = 'patient' AND action = 'create' AND entity_id = $1)", connection)
        {
            Parameters = { new() { Value = id } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal("Ada Lovelace", reader.GetString(0));
        Assert.Equal(1L, reader.GetInt64(1));
    }

    [Fact]
    public async Task CreatePatient_MissingName_Returns400Problem()
    {
        var response = await _http.PostAsJsonAsync("/patients", new { name = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task CountPatients_AfterCreate_GrowsByOne()
    {
        var before = (await _http.GetFromJsonAsync<JsonElement>("/patients")).GetProperty("count").GetInt64();

        (await _http.PostAsJsonAsync("/patients", new { name = "Counted" })).EnsureSuccessStatusCode();

        var after = (await _http.GetFromJsonAsync<JsonElement>("/patients")).GetProperty("count").GetInt64();
        Assert.Equal(before + 1, after);
    }

    [Fact]
    public async Task Login_SeededTestUser_ReturnsToken()
    {
        var response = await _http.PostAsJsonAsync("/auth/login", new { email = "test@example.com", password = "testpassword" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        Assert.False(string.IsNullOrEmpty(token));
    }

    [Theory]
    [InlineData("test@example.com", "wrong")]
    [InlineData("nobody@example.com", "testpassword")]
    public async Task Login_WrongCredentials_Returns401(string email, string password)
    {
        var response = await _http.PostAsJsonAsync("/auth/login", new { email, password });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Studies_SeededAndCreated_CountAndAudit()
    {
        var before = (await _http.GetFromJsonAsync<JsonElement>("/studies")).GetProperty("count").GetInt64();
        var patient = await (await _http.PostAsJsonAsync("/patients", new { name = "Has a study" })).Content.ReadFromJsonAsync<JsonElement>();

        var created = await _http.PostAsJsonAsync("/studies", new { patient_id = patient.GetProperty("id").GetInt64(), modality = "CT" });
        var unknown = await _http.PostAsJsonAsync("/studies", new { patient_id = 987654321, modality = "CT" });

        Assert.True(before >= 3, $"expected the seeded studies, got {before}");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(before + 1, (await _http.GetFromJsonAsync<JsonElement>("/studies")).GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task Start_SecondInstanceOnSameDatabase_SchemaAndSeedAreIdempotent()
    {
        var studiesBefore = (await _http.GetFromJsonAsync<JsonElement>("/studies")).GetProperty("count").GetInt64();

        await using var second = await PortalProcess.StartAsync(fixture.Cluster, PortalFixture.Database, site: "dr");
        using var http = new HttpClient { BaseAddress = second.BaseAddress };

        Assert.Equal("dr", (await http.GetFromJsonAsync<JsonElement>("/health")).GetProperty("site").GetString());
        Assert.Equal(studiesBefore, (await http.GetFromJsonAsync<JsonElement>("/studies")).GetProperty("count").GetInt64());
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/auth/login", new { email = "test@example.com", password = "testpassword" })).StatusCode);
    }
}
