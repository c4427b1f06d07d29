using System.Globalization;
using System.Text.Json;
using Lifeline.Cli.Tests.Support;
using Lifeline.Engine.Tests.Support;
using Lifeline.Providers.Tests.Communications.Channels;

namespace Lifeline.Cli.Tests.Commands;

/// <summary>
/// Communications never slow the recovery: the demo against the real sandbox, once with channels that work (aiosmtpd
/// and an HTTP server) and once with every channel black-holed (a TCP listener that accepts and never answers).
/// </summary>
public sealed class NotifyBlackHoleDrillTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "lifeline-blackhole-" + Guid.NewGuid().ToString("N")[..8]);

    public NotifyBlackHoleDrillTests() => Directory.CreateDirectory(_work);

    [Fact]
    public async Task Demo_EveryChannelBlackHoled_RtoAndDowntimeWithin1sOfWorkingChannelsAndIncidentShowsEachUndeliveredNotice()
    {
        // Given a demo whose extra channels work: a real SMTP server and a real HTTP server
        Drill working;
        using (var smtp = new SmtpServerFixture())
        using (var webhook = new RecordingHttpServer())
        {
            working = await DemoAsync("working", $"127.0.0.1:{smtp.Port.ToString(CultureInfo.InvariantCulture)}", webhook.Url);
        }

        // When the same demo runs with both channels black-holed
        Drill holed;
        await using (var hole = new BlackHoleListener())
        {
            holed = await DemoAsync("holed", $"127.0.0.1:{hole.Port.ToString(CultureInfo.InvariantCulture)}", $"http://127.0.0.1:{hole.Port.ToString(CultureInfo.InvariantCulture)}/");
            Assert.True(hole.Accepted > 0, "the black hole was never tried");
        }

        // Then its RTO and client downtime stay within 1 s of the working run's
        Assert.True(Math.Abs(holed.RtoS - working.RtoS) <= 1.0, $"RTO {holed.RtoS} s black-holed vs {working.RtoS} s working");
        Assert.True(Math.Abs(holed.DowntimeS - working.DowntimeS) <= 1.0, $"client downtime {holed.DowntimeS} s black-holed vs {working.DowntimeS} s working");

        // And every notice of the working run was delivered, while the black-holed run's incident shows each one undelivered
        Assert.NotEmpty(working.Extra);
        Assert.All(working.Extra, d => Assert.Equal("Sent", d.Status));
        Assert.NotEmpty(holed.Extra);
        Assert.All(holed.Extra, d =>
        {
            Assert.NotEqual("Sent", d.Status);
            Assert.False(string.IsNullOrEmpty(d.Error), "an undelivered notice says why");
        });
        Assert.Contains("not delivered", holed.ShowText, StringComparison.Ordinal);
        Assert.Equal(holed.Extra.Count, holed.ShowText.Split('\n').Count(l => l.Contains("NOT delivered through", StringComparison.Ordinal)));
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
        var (exit, stdout, stderr) = await CliProcess.RunAsync(
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
