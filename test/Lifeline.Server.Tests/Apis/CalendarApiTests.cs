using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Server.Tests.Support;

namespace Lifeline.Server.Tests.Apis;

/// <summary>GET /api/calendar and the dashboard's calendar page over an estate with a drill and a task on its calendar.</summary>
public sealed class CalendarApiTests(CalendarServer server) : IClassFixture<CalendarServer>
{
    [Fact]
    public async Task Get_AfterADrillRun_LastDrillIsTheStoredRunAndNextDueFollowsTheCadence()
    {
        // Given a viewer, and a drill of the calendar's plan (echo) run to its end through the API
        using var viewer = server.Client("viewer");
        using var responder = server.Client("responder");
        var before = TimeProvider.System.GetUtcNow();
        using var started = await responder.PostAsJsonAsync("/api/runs", new { estate = "test", scenario = "echo", mode = "drill", profile = "test", inputs = new { pause = "0s" } });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var runId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("run_id").GetString()!;
        await FinishedAsync(viewer, runId);

        // When they read the calendar
        var items = (await viewer.GetFromJsonAsync<JsonElement>("/api/calendar")).EnumerateArray().ToDictionary(i => i.GetProperty("item").GetString()!, i => i);

        // Then the drill item names the run as its last drill, with its status and RTO, and is next due at the cadence's
        // next occurrence after it (02:00 on the 1st)
        var drill = items["echo-drill"];
        Assert.Equal("drill", drill.GetProperty("kind").GetString());
        Assert.Equal("ops", drill.GetProperty("owner").GetString());
        Assert.Equal("0 2 1 * *", drill.GetProperty("cadence").GetString());
        var last = drill.GetProperty("last_drill");
        Assert.Equal(runId, last.GetProperty("run_id").GetString());
        Assert.Equal("succeeded", last.GetProperty("status").GetString());
        Assert.True(last.GetProperty("rto_s").GetDouble() >= 0);
        var next = drill.GetProperty("next_due").GetDateTimeOffset();
        Assert.True(next > last.GetProperty("started_at").GetDateTimeOffset() && next > before, $"next due {next:O}");
        Assert.Equal((1, 2, 0), (next.UtcDateTime.Day, next.UtcDateTime.Hour, next.UtcDateTime.Minute));
        Assert.False(drill.GetProperty("overdue").GetBoolean());
        Assert.Contains(drill.GetProperty("history").EnumerateArray(), h => h.GetProperty("run_id").GetString() == runId);

        // And the task is listed with its owner and next due (15 March), and no drill
        var task = items["annual-review"];
        Assert.Equal("task", task.GetProperty("kind").GetString());
        Assert.Equal("cto", task.GetProperty("owner").GetString());
        Assert.Equal(JsonValueKind.Null, task.GetProperty("last_drill").ValueKind);
        var review = task.GetProperty("next_due").GetDateTimeOffset().UtcDateTime;
        Assert.Equal((3, 15), (review.Month, review.Day));
    }

    [Fact]
    public async Task Dashboard_CalendarPage_ShowsEveryItemAndTheDrillChart()
    {
        // Given a finished drill of the calendar's plan
        using var viewer = server.Client("viewer");
        using var responder = server.Client("responder");
        using var started = await responder.PostAsJsonAsync("/api/runs", new { estate = "test", scenario = "echo", mode = "drill", profile = "test", inputs = new { pause = "0s" } });
        await FinishedAsync(viewer, (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("run_id").GetString()!);

        // When a viewer opens the calendar page
        var html = await viewer.GetStringAsync("/calendar");

        // Then both items and the drill's RTO chart are there
        Assert.Contains("data-item=\"echo-drill\"", html, StringComparison.Ordinal);
        Assert.Contains("data-item=\"annual-review\"", html, StringComparison.Ordinal);
        Assert.Contains("data-drill-chart=\"echo-drill\"", html, StringComparison.Ordinal);
    }

    private static async Task FinishedAsync(HttpClient client, string runId)
    {
        // Followed over SSE: the stream ends when the run does.
        using var stream = await client.GetAsync($"/api/runs/{runId}/events/stream", HttpCompletionOption.ResponseHeadersRead);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token)).ReadToEndAsync(timeout.Token);
    }
}
