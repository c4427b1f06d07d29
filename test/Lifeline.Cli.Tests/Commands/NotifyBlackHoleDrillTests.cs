using System.Globalization;
using System.Text.Json;
using Lifeline.Cli.Tests.Support;
using Lifeline.Engine.Tests.Support;
using Lifeline.Providers.Tests.Communications.Channels;
using Xunit.Abstractions;

namespace Lifeline.Cli.Tests.Commands;

/// <summary>
/// Communications never slow the recovery: the demo against the real sandbox, once with channels that work (aiosmtpd
/// and an HTTP server) and once with every channel black-holed (a TCP listener that accepts and never answers).
/// </summary>
public sealed class NotifyBlackHoleDrillTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "lifeline-blackhole-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    /// <summary>
    /// Working and black-holed demos alternate, twice each, and the best of each pair of trials is compared: load from
    /// other processes only ever adds time, so the minimum is what the recovery itself costs. The demos also run ahead
    /// of the machine's other work: in a CI run, with the other test lane starting sandboxes beside it, the best of two
    /// still differed by more than 1 s (2026-12-02), where on a quiet machine the two kinds of run are within 0.6 s in
    /// either direction.
    /// </summary>
    private const int Trials = 2;

    // No path from a hanging delivery to the recovery was found (ADR 0013, amended): the sends are asynchronous and block
    // no thread, cost no CPU while they hang, and nothing before the run's finish waits for them. The bound is unchanged.
    [Fact]
    public async Task Demo_EveryChannelBlackHoled_RtoAndDowntimeWithin1sOfWorkingChannelsAndIncidentShowsEachUndeliveredNotice()
    {
        // Given extra channels that work (a real SMTP server and a real HTTP server), and ones that are black-holed
        using var smtp = new SmtpServerFixture();
        using var webhook = new RecordingHttpServer();
        await using var hole = new BlackHoleListener();
        var working = new List<Drill>();
        var holed = new List<Drill>();

        // When the demo runs with each, alternately
        for (var trial = 1; trial <= Trials; trial++)
        {
            working.Add(await DemoAsync($"working-{trial}", $"127.0.0.1:{smtp.Port.ToString(CultureInfo.InvariantCulture)}", webhook.Url));
            holed.Add(await DemoAsync($"holed-{trial}", $"127.0.0.1:{hole.Port.ToString(CultureInfo.InvariantCulture)}", $"http://127.0.0.1:{hole.Port.ToString(CultureInfo.InvariantCulture)}/"));
        }

        // Then the black-holed runs' RTO and client downtime stay within 1 s of the working runs'
        var summary = $"RTO working {string.Join(", ", working.Select(d => d.RtoS))} s, black-holed {string.Join(", ", holed.Select(d => d.RtoS))} s; "
            + $"downtime working {string.Join(", ", working.Select(d => d.DowntimeS))} s, black-holed {string.Join(", ", holed.Select(d => d.DowntimeS))} s";
        output.WriteLine(summary);
        Assert.True(holed.Min(d => d.RtoS) - working.Min(d => d.RtoS) <= 1.0, summary);
        Assert.True(holed.Min(d => d.DowntimeS) - working.Min(d => d.DowntimeS) <= 1.0, summary);
        Assert.True(hole.Accepted > 0, "the black hole was never tried");

        // And every notice of a working run was delivered, while a black-holed run's incident shows each one undelivered
        Assert.All(working, d =>
        {
            Assert.NotEmpty(d.Extra);
            Assert.All(d.Extra, n => Assert.Equal("Sent", n.Status));
        });
        Assert.All(holed, d =>
        {
            Assert.NotEmpty(d.Extra);
            Assert.All(d.Extra, n =>
            {
                Assert.NotEqual("Sent", n.Status);
                Assert.False(string.IsNullOrEmpty(n.Error), "an undelivered notice says why");
            });
            Assert.Contains($" delivered, {d.Extra.Count.ToString(CultureInfo.InvariantCulture)} not delivered", d.ShowText, StringComparison.Ordinal);
            Assert.Equal(d.Extra.Count, d.ShowText.Split('\n').Count(l => l.Contains("NOT delivered through", StringComparison.Ordinal)));
        });
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<Drill> DemoAsync(string name, string smtp, string webhook)
    {
        var json = Path.Combine(_work, name + ".json");
        var state = Path.Combine(_work, name + ".db");
        var (exit, stdout, stderr) = await CliProcess.RunPrioritizedAsync(
            RepositoryPaths.Root, "demo", "--json", json, "--dir", Path.Combine(_work, name), "--state", state, "--notify-smtp", smtp, "--notify-webhook", webhook);
        Assert.True(exit == 0, $"{name} demo exited {exit}\n{stdout}\n{stderr}");
        var report = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        Assert.Equal("succeeded", report.GetProperty("status").GetString());
        var rto = report.GetProperty("rto");
        var incidentId = report.GetProperty("incident_id").GetString()!;
        var shown = await CliProcess.RunAsync(RepositoryPaths.Root, "incident", "show", incidentId, "--state", state, "--output", "json");
        Assert.True(shown.ExitCode == 0, shown.Stderr);
        var extra = JsonDocument.Parse(shown.Stdout).RootElement.GetProperty("deliveries").EnumerateArray()
            .Where(d => d.GetProperty("channel").GetString() is "smtp" or "webhook")
            .Select(d => new Delivery(d.GetProperty("channel").GetString()!, d.GetProperty("status").GetString()!, d.GetProperty("error").GetString()))
            .ToList();
        var text = await CliProcess.RunAsync(RepositoryPaths.Root, "incident", "show", incidentId, "--state", state);
        return new Drill(rto.GetProperty("achieved_s").GetDouble(), rto.GetProperty("client_downtime_s").GetDouble(), extra, text.Stdout);
    }

    private sealed record Drill(double RtoS, double DowntimeS, IReadOnlyList<Delivery> Extra, string ShowText);

    private sealed record Delivery(string Channel, string Status, string? Error);
}
