using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Server.Tests.Support;

namespace Lifeline.Server.Tests.Apis;

/// <summary>Runs over HTTP: live events over SSE until the run ends, validation and dry-run, the OpenAPI document.</summary>
public sealed class RunsApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task EventsStream_FollowsRunThroughApprovalToTheEnd()
    {
        // Given a live run waiting at its gate, and a viewer following its events
        var runId = await server.StartGatedRunAsync();
        using var viewer = server.Client("viewer");
        using var stream = await viewer.GetAsync($"/api/runs/{runId}/events/stream", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());

        // When an approver approves
        using var approver = server.Client("approver");
        using var approved = await approver.PostAsJsonAsync($"/api/runs/{runId}/steps/gate/approve", new { reason = "go" });
        var kinds = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                kinds.Add(line["event: ".Length..]);
            }
        }

        // Then the stream carried the run from its start through the decision to its end, and closed
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("RunStarted", kinds[0]);
        Assert.Contains("Decision", kinds);
        Assert.Equal("RunFinished", kinds[^1]);
    }

    [Fact]
    public async Task EventsStream_ManyStreamsFromLastEventId_EachGetsEveryLaterEventOnceInOrder()
    {
        // Given a run waiting at its gate, whose recorded events a client has already seen but the last two
        var runId = await server.StartGatedRunAsync();
        using var viewer = server.Client("viewer");
        var recorded = (await viewer.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/events")).GetArrayLength();
        var streams = new List<Task<List<int>>>();
        for (var i = 0; i < 8; i++)
        {
            streams.Add(ReadIdsAsync(viewer, runId, recorded - 3));
        }

        // When the gate is approved and the run finishes while eight streams resume after event recorded - 3
        await Task.Delay(200);
        using var approver = server.Client("approver");
        using var approved = await approver.PostAsJsonAsync($"/api/runs/{runId}/steps/gate/approve", new { reason = "go" });
        var received = await Task.WhenAll(streams);
        var all = (await viewer.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/events")).GetArrayLength();

        // Then every stream carried exactly the events after it, in order, up to the run's last (reads are shared, not lost)
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        foreach (var ids in received)
        {
            Assert.Equal(Enumerable.Range(recorded - 2, all - recorded + 2), ids);
        }
    }

    private static async Task<List<int>> ReadIdsAsync(HttpClient client, string runId, int lastEventId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/runs/{runId}/events/stream");
        request.Headers.Add("Last-Event-ID", lastEventId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ids = new List<int>();
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                ids.Add(int.Parse(line["id: ".Length..], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return ids;
    }

    [Fact]
    public async Task ValidateAndDryRun_ServedEstate_ReturnReports()
    {
        using var viewer = server.Client("viewer");

        var validation = await (await viewer.PostAsync("/api/estates/test/validate?profile=test", null)).Content.ReadFromJsonAsync<JsonElement>();
        using var dryRun = await viewer.PostAsJsonAsync("/api/estates/test/plans/gated/dry-run", new { profile = "test" });
        using var unknown = await viewer.PostAsJsonAsync("/api/estates/test/plans/nope/dry-run", new { profile = "test" });

        Assert.True(validation.GetProperty("valid").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, dryRun.StatusCode);
        Assert.Equal("gated", (await dryRun.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("scenario").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task StartLive_WithoutConfirmation_IsA400Problem()
    {
        using var responder = server.Client("responder");

        using var response = await responder.PostAsJsonAsync("/api/runs", new { estate = "test", scenario = "gated", mode = "live", profile = "test" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("confirm", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheApi()
    {
        using var anonymous = server.Client(null);

        var document = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/runs/{runId}/steps/{stepId}/approve", out _));
        Assert.True(paths.TryGetProperty("/api/v2/summary.json", out _));
    }
}
