using System.Diagnostics;
using System.Text.RegularExpressions;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Scheduling;
using Lifeline.Sandbox.Hosting;
using Lifeline.Server.Hosting;
using Lifeline.Server.Runs;
using Lifeline.Server.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Lifeline.Browser.Tests.Dashboard;

/// <summary>
/// The dashboard's acceptance test in a real browser: a responder starts the sandbox drill from the UI, watches the
/// phase timeline advance, is refused by the four-eyes rule at the gate, a second approver approves it in a separate
/// browser context, and the public status page shows the outage during the drill and operational after it.
/// </summary>
public sealed class SandboxDrillBrowserTests(ITestOutputHelper output)
{
    private const string Password = "correct horse battery staple";
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task SandboxDrill_StartedFromDashboard_FourEyesRefusesStarterAndSecondApproverCompletesIt()
    {
        // Given a server serving the Axis Imaging estate, with alice (approver, devops-manager: the run starter) and bob (approver, cto)
        var stopwatch = Stopwatch.StartNew();
        var work = Path.Combine(Path.GetTempPath(), "lifeline-browser-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        var screenshots = Path.Combine(RepositoryRoot(), ".build", "test-results", "screenshots");
        Directory.CreateDirectory(screenshots);
        var options = new ServerOptions
        {
            StatePath = Path.Combine(work, "state.db"),
            Estates = [Path.Combine(RepositoryRoot(), "examples", "axis-imaging")],
            Urls = "http://127.0.0.1:0",
            SandboxRoot = work,
            DecisionPollInterval = TimeSpan.FromMilliseconds(200),
        };
        // As lifeline serve runs it: the sandbox is the drill environment.
        await using var app = await ServerApp.CreateAsync(options, TimeProvider.System, services => services.AddSandboxDrills(), CancellationToken.None);
        await app.StartAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        // localhost: Chromium treats it as a secure context, so the Secure session cookie works over plain HTTP.
        var site = $"http://localhost:{port}";
        var users = app.Services.GetRequiredService<UserStore>();
        await users.AddUserAsync("alice", Password, Role.Approver, "devops-manager", CancellationToken.None);
        await users.AddUserAsync("bob", Password, Role.Approver, "cto", CancellationToken.None);
        var drills = app.Services.GetRequiredService<SandboxDrills>();
        string? drillId = null;
        string? runId = null;

        await using var browser = await BrowserSession.LaunchAsync();
        try
        {
            await using var aliceContext = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
            var alice = await aliceContext.NewPageAsync();
            alice.SetDefaultTimeout((float)Long.TotalMilliseconds);
            await BrowserSession.SignInAsync(alice, site, "alice", Password);

            // When alice starts the sandbox drill from the drills page
            await alice.GotoAsync($"{site}/drills");
            await alice.ClickAsync("#start-sandbox-drill");
            await BrowserSession.WaitForAddressAsync(alice, new Regex("/drills/drill-"), Long);
            drillId = alice.Url[(alice.Url.LastIndexOf('/') + 1)..];
            await BrowserSession.WaitForAddressAsync(alice, new Regex("/runs/[^/?]+$"), Long);
            runId = alice.Url[(alice.Url.LastIndexOf('/') + 1)..];
            output.WriteLine($"drill {drillId}, run {runId} after {stopwatch.Elapsed.TotalSeconds:0.0}s");
            var first = await PhaseStatusesAsync(alice);
            await ShotAsync(alice, screenshots, "1-run-started");

            // And the public status page does not reveal the drill's incident: incidents are private until a responder
            // publishes them with a public title
            await using var publicContext = await browser.Browser.NewContextAsync();
            var visitor = await publicContext.NewPageAsync();
            await visitor.GotoAsync($"{site}/status");
            Assert.DoesNotContain("major outage", (await visitor.InnerTextAsync("body")).ToLowerInvariant(), StringComparison.Ordinal);
            await ShotAsync(visitor, screenshots, "2-status-during-drill");

            // When alice, who started the run, tries to approve its gate
            await alice.WaitForSelectorAsync("#approve-decide");
            await ShotAsync(alice, screenshots, "3-gate-waiting");
            await alice.ClickAsync("#approve-decide");

            // Then the four-eyes rule refuses, and says so
            var refusal = await alice.WaitForSelectorAsync("#refusal");
            var refused = await refusal!.InnerTextAsync();
            Assert.Contains("four-eyes", refused, StringComparison.Ordinal);
            await ShotAsync(alice, screenshots, "4-four-eyes-refused");

            // When bob (cto, an allowed approver) signs in in his own browser context and approves
            await using var bobContext = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
            var bob = await bobContext.NewPageAsync();
            bob.SetDefaultTimeout((float)Long.TotalMilliseconds);
            await BrowserSession.SignInAsync(bob, site, "bob", Password);
            await bob.GotoAsync($"{site}/runs/{runId}");
            await bob.ClickAsync("#approve-decide");
            await bob.WaitForSelectorAsync("#notice");
            await ShotAsync(bob, screenshots, "5-approved-by-second-approver");

            // And alice, still on the run page she was refused on, sees the manual step appear and confirms it
            await alice.ClickAsync("#confirm-open-aws-case");
            await alice.WaitForSelectorAsync("#notice");

            // Then the phase timeline advances by itself (server-sent events re-render it) until the run finishes
            await WaitUntilAsync(async () => !(await PhaseStatusesAsync(alice)).SequenceEqual(first), "a phase status to change on the run page");
            output.WriteLine($"phases: {string.Join(", ", first)} -> {string.Join(", ", await PhaseStatusesAsync(alice))}");
            await ShotAsync(alice, screenshots, "6-phases-advancing");
            await alice.WaitForSelectorAsync("#run-status:text-matches('succeeded|failed|aborted')");
            var status = await alice.InnerTextAsync("#run-status");
            await ShotAsync(alice, screenshots, "7-run-finished");
            Assert.Equal("succeeded", status);

            // Then, once the drill has cleaned up, the status page is operational again
            await WaitUntilAsync(() => Task.FromResult(drills.Find(drillId)?.Status is "finished" or "failed"), "the drill to bring the sandbox down");
            Assert.Equal("finished", drills.Find(drillId)!.Status);
            await visitor.GotoAsync($"{site}/status");
            var after = (await visitor.InnerTextAsync("body")).ToLowerInvariant();
            await ShotAsync(visitor, screenshots, "8-status-after-drill");
            Assert.DoesNotContain("major outage", after, StringComparison.Ordinal);
            Assert.Contains("operational", after, StringComparison.Ordinal);

            await alice.GotoAsync($"{site}/drills");
            await ShotAsync(alice, screenshots, "9-drill-history");
            output.WriteLine($"done in {stopwatch.Elapsed.TotalSeconds:0.0}s");
        }
        finally
        {
            // Whatever happened, the drill's run ends and the sandbox comes down before the server stops.
            if (drillId is not null && drills.Find(drillId)?.Status is "starting" or "running")
            {
                var id = runId ?? drills.Find(drillId)?.RunId;
                if (id is not null)
                {
                    await app.Services.GetRequiredService<ServerState>().Runs.DecideAsync(new DecisionRequest(id, null, DecisionKind.Abort, "browser test", "test cleanup"), CancellationToken.None);
                }

                for (var i = 0; i < 240 && drills.Find(drillId)?.Status is "starting" or "running"; i++)
                {
                    await Task.Delay(500);
                }
            }

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


    private static async Task<IReadOnlyList<string>> PhaseStatusesAsync(IPage page) =>
        [.. await page.Locator("#timeline [data-phase]").EvaluateAllAsync<string[]>("nodes => nodes.map(n => n.dataset.phase + '=' + n.dataset.status)")];

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > Long)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(250);
        }
    }

    private async Task ShotAsync(IPage page, string directory, string name)
    {
        var path = Path.Combine(directory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
        Console.WriteLine($"screenshot: {path}");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Lifeline.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("cannot find the repository root (Lifeline.slnx)");
    }
}
