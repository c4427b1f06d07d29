using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Server.Tests.Support;

namespace Lifeline.Server.Tests.StatusPage;

/// <summary>
/// The public status page follows published incidents on the estate: a P1 is a major outage until it is monitored; a
/// private incident is not there at all.
/// </summary>
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
        using var published = await responder.PostAsJsonAsync($"/api/incidents/{incidentId}/publish", new { title = "Portal unavailable" });
        await responder.PostAsJsonAsync($"/api/incidents/{incidentId}/notes", new { text = "[public] Failing over to the DR region." });
        await responder.PostAsJsonAsync($"/api/incidents/{incidentId}/notes", new { text = "internal: patient 1234 cannot log in" });
        await Task.Delay(1100);
        var during = await anonymous.GetFromJsonAsync<JsonElement>("/api/v2/summary.json");
        await responder.PostAsJsonAsync($"/api/incidents/{incidentId}/status", new { status = "monitoring" });
        await Task.Delay(1100);
        var after = await anonymous.GetFromJsonAsync<JsonElement>("/api/v2/summary.json");
        var html = await anonymous.GetStringAsync("/status");

        Assert.Equal("none", before.GetProperty("status").GetProperty("indicator").GetString());
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        Assert.Equal("critical", during.GetProperty("status").GetProperty("indicator").GetString());
        Assert.Equal("major_outage", Component(during, "test.portal"));
        var incident = during.GetProperty("incidents").EnumerateArray().Single(i => i.GetProperty("id").GetString() == incidentId);
        Assert.Equal("critical", incident.GetProperty("impact").GetString());
        var updates = incident.GetProperty("incident_updates").EnumerateArray().Select(u => u.GetProperty("body").GetString()).ToList();
        Assert.Contains("Failing over to the DR region.", updates);
        Assert.DoesNotContain(updates, u => u!.Contains("1234", StringComparison.Ordinal));
        Assert.Equal("operational", Component(after, "test.portal"));
        Assert.Equal("monitoring", after.GetProperty("incidents").EnumerateArray().Single(i => i.GetProperty("id").GetString() == incidentId).GetProperty("status").GetString());
        Assert.Contains("Portal unavailable", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Primary region down", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusPage_PrivateIncidentThenPublished_HiddenEntirelyThenShownUnderItsPublicTitle()
    {
        // Given a private P1 incident with a distinctive title, a public note and an internal one
        using var anonymous = server.Client(null);
        using var responder = server.Client("responder");
        using var viewer = server.Client("viewer");
        var secretTitle = "Ransomware on pacs-" + Guid.NewGuid().ToString("N")[..8];
        using var opened = await responder.PostAsJsonAsync("/api/incidents", new { title = secretTitle, severity = "P1", scenario = "gated" });
        var incidentId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await responder.PostAsJsonAsync($"/api/incidents/{incidentId}/notes", new { text = "[public] We are restoring service." });
        await responder.PostAsJsonAsync($"/api/incidents/{incidentId}/notes", new { text = "internal: attacker still in " + secretTitle });

        // When anyone reads the status page while it is private, a viewer tries to publish it, then a responder does
        await Task.Delay(1100);
        var privateJson = await anonymous.GetStringAsync("/api/v2/summary.json");
        var privateHtml = await anonymous.GetStringAsync("/status");
        using var byViewer = await viewer.PostAsJsonAsync($"/api/incidents/{incidentId}/publish", new { title = "Viewer's title" });
        await Task.Delay(1100);
        var afterViewer = await anonymous.GetStringAsync("/api/v2/summary.json");
        using var byResponder = await responder.PostAsJsonAsync($"/api/incidents/{incidentId}/publish", new { title = "Imaging service disruption" });
        await Task.Delay(1100);
        var publicJson = await anonymous.GetStringAsync("/api/v2/summary.json");
        var publicHtml = await anonymous.GetStringAsync("/status");
        using var admin = server.Client("admin");
        var audit = await admin.GetStringAsync("/api/audit?limit=5000");
        await responder.PostAsJsonAsync($"/api/incidents/{incidentId}/status", new { status = "resolved" });
        await Task.Delay(1100);

        // Then nothing of it shows while private (no title, no id, no update); the viewer gets 403; once published it
        // shows under its public title with only its [public] note, and the publication is audited
        foreach (var page in new[] { privateJson, privateHtml, afterViewer })
        {
            Assert.DoesNotContain(secretTitle, page, StringComparison.Ordinal);
            Assert.DoesNotContain(incidentId, page, StringComparison.Ordinal);
            Assert.DoesNotContain("We are restoring service.", page, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Forbidden, byViewer.StatusCode);
        Assert.DoesNotContain("Viewer's title", afterViewer, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, byResponder.StatusCode);
        foreach (var page in new[] { publicJson, publicHtml })
        {
            Assert.Contains("Imaging service disruption", page, StringComparison.Ordinal);
            Assert.Contains("We are restoring service.", page, StringComparison.Ordinal);
            Assert.DoesNotContain(secretTitle, page, StringComparison.Ordinal);
            Assert.DoesNotContain("attacker", page, StringComparison.Ordinal);
        }

        var shown = JsonDocument.Parse(publicJson).RootElement.GetProperty("incidents").EnumerateArray().Single(i => i.GetProperty("id").GetString() == incidentId);
        Assert.Equal("Imaging service disruption", shown.GetProperty("name").GetString());
        Assert.Contains("incident.published", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishForm_ByViewerThenResponder_RefusedThenPublished()
    {
        // Given a private incident, and a viewer and a responder signed in to the dashboard
        using var responder = server.Client("responder");
        using var opened = await responder.PostAsJsonAsync("/api/incidents", new { title = "Internal only", severity = "P4" });
        var incidentId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var asViewer = new BrowserSession(server.BaseAddress);
        await asViewer.SignInAsync("viewer", ServerFixture.Password);
        using var asResponder = new BrowserSession(server.BaseAddress);
        await asResponder.SignInAsync("responder", ServerFixture.Password);
        var page = $"/incidents/{incidentId}";

        // When each posts the incident page's publish form
        using var refused = await asViewer.PostFormAsync(page, page, "publish-incident", new Dictionary<string, string> { ["title"] = "From a viewer" });
        var refusedPage = await refused.Content.ReadAsStringAsync();
        var afterViewer = await responder.GetStringAsync($"/api/incidents/{incidentId}");
        using var accepted = await asResponder.PostFormAsync(page, page, "publish-incident", new Dictionary<string, string> { ["title"] = "Scheduling delays" });
        var afterResponder = await responder.GetStringAsync($"/api/incidents/{incidentId}");
        await responder.PostAsJsonAsync($"/api/incidents/{incidentId}/status", new { status = "resolved" });

        // Then the viewer is refused for their role and nothing is published; the responder's title is
        Assert.Contains("publishing an incident needs the responder role", refusedPage, StringComparison.Ordinal);
        Assert.DoesNotContain("From a viewer", afterViewer, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Published\"", afterViewer, StringComparison.Ordinal);
        Assert.Contains("Scheduling delays", afterResponder, StringComparison.Ordinal);
        Assert.Contains("\"Published\"", afterResponder, StringComparison.Ordinal);
    }

    private static string? Component(JsonElement summary, string id) =>
        summary.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("id").GetString() == id).GetProperty("status").GetString();
}
