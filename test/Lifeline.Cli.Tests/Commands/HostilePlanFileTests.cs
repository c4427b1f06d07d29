using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Lifeline.Cli.Tests.Support;

namespace Lifeline.Cli.Tests.Commands;

/// <summary>
/// Plan files that used to crash or hang the CLI (stack overflow, overflowing durations, a FIFO, an endless device),
/// each run through the real CLI process and measured: exit 2 with a file:line:col location, quickly and in little memory.
/// </summary>
public sealed partial class HostilePlanFileTests : IDisposable
{
    private const long MemoryLimitKb = 200 * 1024;

    /// <summary>The CPU the process may use. Wall-clock time on a shared machine measures the neighbours too, so it gets
    /// a separate, wider bound that still catches a process blocked on a FIFO (which uses no CPU at all).</summary>
    private static readonly TimeSpan CpuLimit = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan WallLimit = TimeSpan.FromSeconds(30);

    private readonly string _estate = Directory.CreateTempSubdirectory("lifeline-hostile-").FullName;

    public HostilePlanFileTests()
    {
        var example = Path.Combine(RepositoryPaths.Root, "examples", "axis-imaging");
        Directory.CreateDirectory(Path.Combine(_estate, "plans"));
        File.Copy(Path.Combine(example, "estate.yaml"), Path.Combine(_estate, "estate.yaml"));
        // Every plan: the estate's drill scenarios name them.
        foreach (var plan in Directory.GetFiles(Path.Combine(example, "plans"), "*.yaml"))
        {
            File.Copy(plan, Path.Combine(_estate, "plans", Path.GetFileName(plan)));
        }
    }

    private string Hostile => Path.Combine(_estate, "plans", "hostile.yaml");

    [Fact]
    public async Task Validate_PlanNestedFortyThousandDeep_ExitsTwoWithALocation()
    {
        await File.WriteAllTextAsync(Hostile, "scenario: deep\nphases: " + new string('[', 40_000) + new string(']', 40_000) + "\n");
        await AssertLocatedErrorAsync("hostile.yaml", "nested more than 64 levels deep");
    }

    [Theory]
    [InlineData("10675200d")]
    [InlineData("999999999h")]
    [InlineData("9999999999999999999ms")]
    public async Task Validate_DurationThatOverflows_ExitsTwoWithALocation(string duration)
    {
        var plan = Path.Combine(_estate, "plans", "region-failover.yaml");
        var text = await File.ReadAllTextAsync(plan);
        await File.WriteAllTextAsync(plan, StepTimeout().Replace(text, $"$1timeout: {duration}", 1));
        await AssertLocatedErrorAsync("region-failover.yaml", "longer than 100 years");
    }

    [Fact]
    public async Task Validate_PlanIsAFifo_ExitsTwoWithALocation()
    {
        using (var mkfifo = Process.Start("mkfifo", Hostile))
        {
            await mkfifo.WaitForExitAsync();
        }

        await AssertLocatedErrorAsync("hostile.yaml", "is a FIFO (named pipe), not a regular file");
    }

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("/dev/urandom")]
    public async Task Validate_PlanIsASymlinkToAnEndlessDevice_ExitsTwoWithALocation(string device)
    {
        File.CreateSymbolicLink(Hostile, device);
        await AssertLocatedErrorAsync("hostile.yaml", "is a character device, not a regular file");
    }

    private async Task AssertLocatedErrorAsync(string file, string message)
    {
        // When the real CLI validates the estate, measured by GNU time (peak resident memory and CPU used)
        var measurements = Path.Combine(_estate, "time.txt");
        var clock = Stopwatch.StartNew();
        var start = new ProcessStartInfo("/usr/bin/time") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-f", "%M %U %S", "-o", measurements, "dotnet", CliProcess.Dll, "validate", _estate })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var limit = new CancellationTokenSource(WallLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"lifeline validate did not finish within {WallLimit.TotalSeconds} s");
        }

        var wall = clock.Elapsed;
        var error = await stderr;
        await stdout;

        // Then it exits 2 with the error located at file:line:col, and stays within the budgets
        Assert.True(process.ExitCode == 2, $"exit {process.ExitCode}: {error}");
        Assert.Matches($@"{Regex.Escape(file)}:\d+:\d+: error: .*{Regex.Escape(message)}", error);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        var fields = (await File.ReadAllTextAsync(measurements)).Trim().Split('\n')[^1].Split(' ');
        var peakKb = long.Parse(fields[0], CultureInfo.InvariantCulture);
        var cpu = TimeSpan.FromSeconds(double.Parse(fields[1], CultureInfo.InvariantCulture) + double.Parse(fields[2], CultureInfo.InvariantCulture));
        Assert.True(peakKb < MemoryLimitKb, $"peak memory {peakKb / 1024} MB");
        Assert.True(cpu < CpuLimit, $"CPU {cpu.TotalSeconds:0.00} s (wall {wall.TotalSeconds:0.00} s)");
    }

    [GeneratedRegex(@"^( +)timeout: \d+[smh]$", RegexOptions.Multiline)]
    private static partial Regex StepTimeout();

    public void Dispose() => Directory.Delete(_estate, recursive: true);
}
