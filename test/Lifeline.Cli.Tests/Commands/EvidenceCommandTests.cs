using System.Text.Json;
using Lifeline.Cli.Tests.Support;

namespace Lifeline.Cli.Tests.Commands;

/// <summary><c>lifeline evidence</c> as a user runs it: the report and its JSON from a real state file, and bad input as one line.</summary>
public sealed class EvidenceCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lifeline-evidence-" + Guid.NewGuid().ToString("N")[..8]);

    public EvidenceCommandTests() => Directory.CreateDirectory(_directory);

    private static string Axis => Path.Combine(RepositoryPaths.Root, "examples", "axis-imaging");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Evidence_StateWithAnIncident_WritesOneSelfContainedHtmlReportAndTheSameFactsAsJson()
    {
        // Given a state file holding one incident opened today
        var (opened, _, openError) = await CliProcess.RunAsync(_directory, "incident", "open", "--title", "Storage <array> lost", "--severity", "P2");
        Assert.True(opened == 0, openError);
        var since = TimeProvider.System.GetUtcNow().AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        // When the evidence since yesterday is written as HTML, and asked for as JSON
        var (exit, stdout, stderr) = await CliProcess.RunAsync(_directory, "evidence", "--estate", Axis, "--since", since, "--out", "evidence.html");
        var (jsonExit, json, jsonError) = await CliProcess.RunAsync(_directory, "evidence", "--estate", Axis, "--since", since, "--output", "json");

        // Then both succeed; the HTML has the incident (encoded), its review linked, a chart and no external asset
        Assert.True(exit == 0, stderr);
        Assert.Contains("1 incident(s)", stdout, StringComparison.Ordinal);
        var html = await File.ReadAllTextAsync(Path.Combine(_directory, "evidence.html"));
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("Storage &lt;array&gt; lost", html, StringComparison.Ordinal);
        Assert.Contains("href=\"#review-", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        // and the JSON has the same incident, the readiness history as not recorded and the audit trail's verification
        Assert.True(jsonExit == 0, jsonError);
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal("Storage <array> lost", root.GetProperty("incidents")[0].GetProperty("title").GetString());
        Assert.False(root.GetProperty("readiness").GetProperty("recorded").GetBoolean());
        Assert.True(root.GetProperty("audit").GetProperty("verification").GetProperty("ok").GetBoolean());
    }

    [Theory]
    [InlineData("--since", "last tuesday", "--since 'last tuesday' is not a date; expected a UTC date (2026-11-01) or time (2026-11-01T09:30Z)")]
    [InlineData("--until", "2026-13-45", "--until '2026-13-45' is not a date; expected a UTC date (2026-11-01) or time (2026-11-01T09:30Z)")]
    [InlineData("--out", "no/such/dir/evidence.html", "directory")]
    public async Task Evidence_BadInput_SaysWhatIsWrongInOneLineAndExits2(string option, string value, string expected)
    {
        // Given a state file
        Assert.Equal(0, (await CliProcess.RunAsync(_directory, "incident", "open", "--title", "x", "--severity", "P4")).ExitCode);
        string[] args = ["evidence", "--estate", Axis, "--since", "2026-11-01", "--out", "evidence.html"];
        var at = Array.IndexOf(args, option);
        args = at < 0 ? [.. args, option, value] : [.. args[..(at + 1)], value, .. args[(at + 2)..]];

        // When evidence is asked for with the bad value
        var (exit, stdout, stderr) = await CliProcess.RunAsync(_directory, args);

        // Then one line says what is wrong, nothing is written, and it exits 2 with no stack trace
        Assert.Equal(2, exit);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
        Assert.False(File.Exists(Path.Combine(_directory, "evidence.html")));
    }

    [Fact]
    public async Task Evidence_NoStateFile_SaysSoAndExits2WithoutCreatingOne()
    {
        // Given a directory with no state file
        // When evidence is asked for
        var (exit, _, stderr) = await CliProcess.RunAsync(_directory, "evidence", "--estate", Axis, "--since", "2026-11-01", "--out", "evidence.html");

        // Then it names the missing state database and creates nothing
        Assert.Equal(2, exit);
        Assert.Contains("no state database at", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, ".lifeline")));
    }
}
