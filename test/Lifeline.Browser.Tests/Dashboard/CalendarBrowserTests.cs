using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lifeline.Server.Hosting;
using Lifeline.Server.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Lifeline.Browser.Tests.Dashboard;

/// <summary>
/// The readiness and calendar pages in a real browser, over an estate with a testing calendar whose drill plan has already
/// been drilled three times (real drill-mode runs, one of them over its RTO objective); screenshots of both pages are
/// saved under the test's output directory.
/// </summary>
public sealed class CalendarBrowserTests(ITestOutputHelper output)
{
    private const string Password = "correct horse battery staple";
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(2);

    private const string Estate = """
        estate: clinic
        description: A small clinic estate
        profiles: [test]
        sites:
          here: { role: primary }
        objectives:
          rto: { critical: 4s }
        contacts:
          ops: { name: Ops, role: On-call, email: ops@clinic.example }
        resources:
          portal:
            kind: dns-record
            site: here
            description: portal.clinic.example
            bindings:
              test: { provider: noop }
        calendar:
          monthly-failover-drill:
            description: Monthly failover test, in a sandbox
            cadence: "0 2 1 * *"
            owner: ops
            drill: failover
          annual-review:
            description: Annual DR plan review
            cadence: "0 0 15 3 *"
            owner: ops
            task: Review the plans and the objectives
            checklist: [Review RTOs and RPOs, Update contacts]
            due-within: 30d
        """;

    private const string Plan = """
        scenario: failover
        severity: P1
        objective: { rto: critical }
        inputs:
          pause: { default: 0s, description: How long the failover takes }
        phases:
          - id: recover
            name: Recover
            budget: 1h
            steps:
              - { id: switch, action: noop.run }
              - { id: settle, wait: "${{ inputs.pause }}", needs: [switch] }
        """;

    [Fact]
    public async Task ReadinessAndCalendarPages_InChromium_ShowTheChecklistTheCalendarAndTheDrillChart()
    {
        // Given a server serving an estate with a calendar, a viewer and a responder, and three drills of its plan, the
        // last one slower than the 4 s RTO objective (the fast ones finish well within it even on a busy host)
        var work = Path.Combine(Path.GetTempPath(), "lifeline-calendar-browser-" + Guid.NewGuid().ToString("N")[..8]);
        var estate = Path.Combine(work, "estate");
        Directory.CreateDirectory(Path.Combine(estate, "plans"));
        await File.WriteAllTextAsync(Path.Combine(estate, "estate.yaml"), Estate);
        await File.WriteAllTextAsync(Path.Combine(estate, "plans", "failover.yaml"), Plan);
        var screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots", "calendar");
        Directory.CreateDirectory(screenshots);
        var options = new ServerOptions { StatePath = Path.Combine(work, "state.db"), Estates = [estate], Urls = "http://127.0.0.1:0" };
        await using var app = await ServerApp.CreateAsync(options, TimeProvider.System, static _ => { }, CancellationToken.None);
        await app.StartAsync();
        try
        {
            var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
            var site = $"http://localhost:{port}";
            var users = app.Services.GetRequiredService<UserStore>();
            await users.AddUserAsync("vera", Password, Role.Viewer, null, CancellationToken.None);
            await users.AddUserAsync("rick", Password, Role.Responder, null, CancellationToken.None);
            var (token, _) = await users.CreateTokenAsync("rick", "browser test", CancellationToken.None);
            using var api = new HttpClient { BaseAddress = new Uri(site) };
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.Token);
            var runs = new List<string>();
            foreach (var pause in new[] { "0s", "0s", "6s" })
            {
                runs.Add(await DrillAsync(api, pause));
            }

            await using var browser = await BrowserSession.LaunchAsync();
            await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout((float)Long.TotalMilliseconds);
            await BrowserSession.SignInAsync(page, site, "vera", Password);

            // When the viewer opens the readiness page
            await page.GotoAsync($"{site}/readiness");

            // Then the estate's checklist is there, with its history strip
            var readiness = await page.InnerTextAsync("main");
            Assert.Contains("Readiness", readiness, StringComparison.Ordinal);
            Assert.Contains("clinic", readiness, StringComparison.Ordinal);
            Assert.Contains("Resources bound", readiness, StringComparison.Ordinal);
            Assert.Equal(1, await page.Locator("section.readiness[data-estate=clinic]").CountAsync());
            await ShotAsync(page, screenshots, "1-readiness");

            // When they follow the navigation to the calendar page
            await page.ClickAsync("header a[href='/calendar']");
            await BrowserSession.WaitForAddressAsync(page, new Regex($"^{Regex.Escape(site)}/calendar$"), TimeSpan.FromSeconds(60));

            // Then both items are listed with owner, cadence and next due; the drill's last drill is the newest run; and
            // the RTO chart has a dot per drill, the slow one red, against the objective line
            var calendar = await page.InnerTextAsync("main");
            Assert.Contains("Testing calendar", calendar, StringComparison.Ordinal);
            var drill = page.Locator("tr[data-item=monthly-failover-drill]");
            var drillText = await drill.InnerTextAsync();
            Assert.Contains("ops", drillText, StringComparison.Ordinal);
            Assert.Contains("0 2 1 * *", drillText, StringComparison.Ordinal);
            Assert.Contains("succeeded", drillText, StringComparison.Ordinal);
            Assert.Equal($"/runs/{runs[^1]}", await drill.Locator("a").GetAttributeAsync("href"));
            Assert.False(string.IsNullOrEmpty(await drill.Locator("[data-next-due]").GetAttributeAsync("data-next-due")));
            Assert.Contains("-03-15 00:00:00Z", await page.Locator("tr[data-item=annual-review]").InnerTextAsync(), StringComparison.Ordinal);
            var chart = page.Locator("[data-drill-chart=monthly-failover-drill]");
            Assert.Equal(3, await chart.Locator("circle").CountAsync());
            Assert.Equal(1, await chart.Locator("circle.bar-failed").CountAsync());
            Assert.Equal(1, await chart.Locator("line.objective").CountAsync());
            await ShotAsync(page, screenshots, "2-calendar");
        }
        finally
        {
            await app.StopAsync();
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<string> DrillAsync(HttpClient api, string pause)
    {
        using var started = await api.PostAsJsonAsync("/api/runs", new { estate = "clinic", scenario = "failover", mode = "drill", profile = "test", inputs = new { pause } });
        var text = await started.Content.ReadAsStringAsync();
        Assert.True(started.IsSuccessStatusCode, text);
        var runId = JsonDocument.Parse(text).RootElement.GetProperty("run_id").GetString()!;

        // Followed over SSE: the stream ends when the run does.
        using var stream = await api.GetAsync($"/api/runs/{runId}/events/stream", HttpCompletionOption.ResponseHeadersRead);
        using var timeout = new CancellationTokenSource(Long);
        await new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token)).ReadToEndAsync(timeout.Token);
        var report = await api.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}");
        Assert.Equal("succeeded", report.GetProperty("status").GetString());
        return runId;
    }


    private async Task ShotAsync(IPage page, string directory, string name)
    {
        var path = Path.Combine(directory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
    }
}
