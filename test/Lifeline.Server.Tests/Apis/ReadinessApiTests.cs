using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Server.Tests.Support;

namespace Lifeline.Server.Tests.Apis;

/// <summary>GET /api/readiness over the test estate, and the dashboard's readiness page.</summary>
public sealed class ReadinessApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Get_TestEstate_ListsEveryItemWithStatusEvidenceAndTimeChecked()
    {
        // Given a viewer of a server serving the test estate
        using var client = server.Client("viewer");

        // When they read readiness, checked now
        var reports = await client.GetFromJsonAsync<JsonElement>("/api/readiness?refresh=true");

        // Then the estate has the whole checklist; what it cannot check says why, and nothing fails of Lifeline's making
        var report = Assert.Single(reports.EnumerateArray());
        Assert.Equal("test", report.GetProperty("estate").GetString());
        var items = report.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("kind").GetString()!, i => i);
        Assert.Equal(["backups", "certificates", "contacts", "credentials", "dns-failover", "dr-infrastructure", "replication", "resources-bound"], items.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("pass", items["resources-bound"].GetProperty("status").GetString());
        Assert.Equal("not-checked", items["replication"].GetProperty("status").GetString());
        Assert.Equal("the estate has no database in a DR site", items["replication"].GetProperty("evidence").GetString());
        Assert.All(items.Values, i => Assert.True(i.GetProperty("checked_at").GetDateTimeOffset() > DateTimeOffset.UnixEpoch));
        Assert.DoesNotContain(server.SecretValue, reports.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_ReadinessPage_ShowsTheEstateAndItsHistory()
    {
        // Given a viewer
        using var client = server.Client("viewer");

        // When they open the readiness page
        var html = await client.GetStringAsync("/readiness");

        // Then the estate's checklist and its history chart are there
        Assert.Contains("data-estate=\"test\"", html, StringComparison.Ordinal);
        Assert.Contains("data-item=\"replication\"", html, StringComparison.Ordinal);
        Assert.Contains("data-readiness-history", html, StringComparison.Ordinal);
    }
}
