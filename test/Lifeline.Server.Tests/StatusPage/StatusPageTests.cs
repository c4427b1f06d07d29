using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Server.Tests.Support;

namespace Lifeline.Server.Tests.StatusPage;

/// <summary>The public status page follows open incidents on the estate: a P1 is a major outage until it is monitored.</summary>
public sealed class StatusPageTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Summary_P1IncidentThenMonitoring_GoesMajorOutageThenOperational()
    {
        using var anonymous = server.Client(null);
        using var responder = server.Client("responder");
        var before = await anonymous.GetFromJsonAsync<JsonElement>("/api/v2/summary.json");

        using var opened = await responder.PostAsJsonAsync("/api/incidents", new { title = "Primary region down", severity = "P1", scenario = "gated" });
        var incidentId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await responder.PostAsJsonAsync($"/api/incidents/{incidentId}/notes", new { text = "[public] Failing over to the DR region." });
        await responder.PostAsJsonAsync($"/api/incidents/{incidentId}/notes", new { text = "internal: patient 1234 cannot log in" });
        await Task.Delay(1100);
        var during = await anonymous.GetFromJsonAsync<JsonElement>("/api/v2/summary.json");
        await responder.PostAsJsonAsync($"/api/incidents/{incidentId}/status", new { status = "monitoring" });
        await Task.Delay(1100);
        var after = await anonymous.GetFromJsonAsync<JsonElement>("/api/v2/summary.json");
        var html = await anonymous.GetStringAsync("/status");

        Assert.Equal("none", before.GetProperty("status").GetProperty("indicator").GetString());
        Assert.Equal("critical", during.GetProperty("status").GetProperty("indicator").GetString());
        Assert.Equal("major_outage", Component(during, "test.portal"));
        var incident = during.GetProperty("incidents").EnumerateArray().Single();
        Assert.Equal("critical", incident.GetProperty("impact").GetString());
        var updates = incident.GetProperty("incident_updates").EnumerateArray().Select(u => u.GetProperty("body").GetString()).ToList();
        Assert.Contains("Failing over to the DR region.", updates);
        Assert.DoesNotContain(updates, u => u!.Contains("1234", StringComparison.Ordinal));
        Assert.Equal("operational", Component(after, "test.portal"));
        Assert.Equal("monitoring", after.GetProperty("incidents").EnumerateArray().Single().GetProperty("status").GetString());
        Assert.Contains("Primary region down", html, StringComparison.Ordinal);
    }

    private static string? Component(JsonElement summary, string id) =>
        summary.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("id").GetString() == id).GetProperty("status").GetString();
}
