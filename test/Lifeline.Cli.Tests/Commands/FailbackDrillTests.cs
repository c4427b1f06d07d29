using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Lifeline.Cli.Tests.Support;
using Lifeline.Sandbox.Demo;
using Lifeline.Sandbox.Environment;
using Lifeline.Sandbox.Workload;
using Npgsql;
using Xunit.Abstractions;

namespace Lifeline.Cli.Tests.Commands;

/// <summary>
/// Region failover and then failback on the real sandbox (PostgreSQL, PowerDNS, portal processes on loopback), through
/// the real CLI, while clients keep writing through the DNS name the whole time.
/// </summary>
public sealed class FailbackDrillTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "lifeline-failback-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Failback_AfterRegionFailoverUnderWriteLoad_NoAcknowledgedWriteLostPrimaryServesAndDrScaledToZero()
    {
        // Given the Axis sandbox with synchronous replication, and clients writing through DNS
        Directory.CreateDirectory(_work);
        var sandbox = Path.Combine(_work, "sandbox");
        var state = Path.Combine(_work, "state.db");
        var up = await CliProcess.RunAsync(RepositoryPaths.Root, "sandbox", "up", "--sync", "--dir", sandbox);
        Assert.True(up.ExitCode == 0, up.Stderr);
        using var stop = new CancellationTokenSource();
        Task? writing = null;
        Task? observing = null;
        try
        {
            var sandboxState = (await SandboxManager.ReadStateAsync(sandbox, CancellationToken.None))!;
            var (targets, error) = DemoTargets.From(sandboxState);
            Assert.True(targets is not null, error);
            var workload = new WorkloadRunner(
                new WorkloadOptions(targets.DnsName, targets.ServicePort, targets.Dns, Path.Combine(_work, "workload.jsonl")) { RatePerSecond = 20 }, TimeProvider.System);
            writing = workload.RunAsync(stop.Token);
            var writable = new ConcurrentQueue<(DateTimeOffset At, bool Primary, bool Dr)>();
            observing = ObserveWritableAsync(Connection(targets.PrimarySettings), Connection(targets.ReplicaSettings), writable, stop.Token);
            Assert.True(await WaitAsync(() => workload.Snapshot().Acknowledged.Count >= 20, TimeSpan.FromSeconds(30)), "the workload could not write through DNS");
            var primarySite = workload.Snapshot().Acknowledged[0].Address;
            var baseline = Path.Combine(_work, "baseline.json");
            File.WriteAllText(baseline, """{"capturedAt":"2026-01-01T00:00:00Z","endpoint":"test","counts":{"patients":0,"studies":0,"audit_logs":0},"latestAudit":null}""");

            // When the primary site is lost and the region-failover plan recovers in the DR region
            Assert.Equal(0, (await CliProcess.RunAsync(RepositoryPaths.Root, "sandbox", "fault", "primary-site", "--dir", sandbox)).ExitCode);
            var failover = await RunAsync(sandbox, state, "region-failover", "--input", "criteria-window=1s", "--input", $"baseline=@{baseline}");
            var failedOverAt = TimeProvider.System.GetUtcNow();
            Assert.True(await WaitAsync(() => workload.Snapshot().FirstAckAfter(failedOverAt) is not null, TimeSpan.FromSeconds(30)), "clients never wrote to the DR site");
            var drSite = workload.Snapshot().FirstAckAfter(failedOverAt)!.Address;
            await Task.Delay(TimeSpan.FromSeconds(3));

            // And then, once the primary region is back (its object store restarts; its database returns through
            // reprotect), the failback plan returns to the primary site, writes still coming
            Assert.Equal(0, (await CliProcess.RunAsync(RepositoryPaths.Root, "sandbox", "fault", "restore-site", "primary", "--dir", sandbox)).ExitCode);
            var failback = await RunAsync(sandbox, state, "failback", "--input", $"baseline=@{baseline}");
            var failedBackAt = TimeProvider.System.GetUtcNow();
            Assert.True(await WaitAsync(() => workload.Snapshot().FirstAckAfter(failedBackAt) is not null, TimeSpan.FromSeconds(30)), "clients never wrote to the primary site again");
            await Task.Delay(TimeSpan.FromSeconds(2));
            await stop.CancelAsync();
            await writing;
            await observing;

            // Then both runs succeeded
            Assert.Equal("succeeded", failover.GetProperty("status").GetString());
            Assert.Equal("succeeded", failback.GetProperty("status").GetString());
            var steps = failback.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);
            output.WriteLine($"fence-dr lsn {steps["fence-dr"].GetProperty("outputs").GetProperty("lsn").GetString()}");
            Assert.NotEqual("", steps["fence-dr"].GetProperty("outputs").GetProperty("lsn").GetString());

            // And not one acknowledged write was lost across both switches
            var snapshot = workload.Snapshot();
            var rpo = await RpoCounter.CountLostAsync(snapshot.Acknowledged, Connection(targets.PrimarySettings), CancellationToken.None);
            output.WriteLine($"{rpo.Acknowledged} writes acknowledged, {rpo.Lost} lost; {snapshot.Failures.Count} failed requests");
            Assert.True(rpo.Acknowledged > 100, $"only {rpo.Acknowledged} writes acknowledged");
            Assert.Equal(0, rpo.Lost);

            // And the primary site serves again: the last writes were acknowledged there, after some at the DR site
            // (a site's instances share its /24 on loopback: 127.0.1.10 and .11 are both the primary site)
            Assert.NotEqual(Site(primarySite), Site(drSite));
            Assert.Equal(Site(primarySite), Site(snapshot.Acknowledged[^1].Address));
            Assert.Contains(snapshot.Acknowledged, a => Site(a.Address) == Site(drSite));

            // And the uploads the DR portal stored while it served are in the primary's bucket (failback's file sync), the
            // region's store having come back first
            var files = steps["sync-files-back"].GetProperty("outputs");
            output.WriteLine($"files synced back: {files.GetProperty("copied").GetString()}");
            var primaryUploads = await ObjectKeysAsync(sandboxState, "primary");
            var drUploads = (await ObjectKeysAsync(sandboxState, "dr")).Where(k => k.StartsWith("dr/", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(drUploads);
            // (keys are dr/<UTC time>-<pid>.txt; those stored before the sync started must all have been copied)
            var syncStarted = "dr/" + steps["sync-files-back"].GetProperty("started_at").GetDateTimeOffset().UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
            var before = drUploads.Where(k => string.CompareOrdinal(k, syncStarted) < 0).ToList();
            output.WriteLine($"{drUploads.Count} uploads stored at DR, {before.Count} before the sync started");
            Assert.NotEmpty(before);
            Assert.All(before, k => Assert.Contains(k, primaryUploads));

            // And the DR services are scaled to 0, the DR database is a standby streaming from the primary
            var dr = await CliProcess.RunAsync(RepositoryPaths.Root, ["sandbox", "status", "--dir", sandbox], null);
            output.WriteLine(dr.Stdout);
            Assert.True(await InRecoveryAsync(Connection(targets.ReplicaSettings)), "the DR database must be a standby after failback");
            Assert.False(await InRecoveryAsync(Connection(targets.PrimarySettings)), "the primary database must be the primary after failback");
            var drUrl = sandboxState.Settings.Public.First(kv => kv.Key == "LIFELINE_SANDBOX_PORTAL_DR_URL").Value;
            Assert.False(await AnswersAsync(new Uri(new Uri(drUrl), "/health")), "the DR portal still answers after being scaled to 0");

            // And at no moment observed were both databases writable
            var samples = writable.ToList();
            output.WriteLine($"{samples.Count} writability samples");
            Assert.True(samples.Count > 50, $"only {samples.Count} samples");
            Assert.DoesNotContain(samples, s => s.Primary && s.Dr);
        }
        finally
        {
            await stop.CancelAsync();
            if (writing is not null)
            {
                await writing;
            }

            if (observing is not null)
            {
                await observing;
            }

            var down = await CliProcess.RunAsync(RepositoryPaths.Root, "sandbox", "down", "--dir", sandbox);
            Assert.True(down.ExitCode == 0, down.Stderr);
        }
    }

    // The demo's chaining of one scenario after another is run for real on a small estate (DemoScenarioTests), and this
    // estate's failback for real above; what is left to show is that the Axis demo chains the two, which a dry run says.
    [Fact]
    public async Task DemoDryRun_FailbackScenario_RunsAfterRegionFailoverInOneSandbox()
    {
        // When the estate's failback drill scenario is dry-run
        var sandbox = Path.Combine(_work, "sandbox");
        var (exit, stdout, stderr) = await CliProcess.RunAsync(
            RepositoryPaths.Root, "demo", "--scenario", "failback", "--dry-run", "--dir", sandbox, "--state", Path.Combine(_work, "state.db"));

        // Then region failover runs first, after its fault, and failback after it, in the same sandbox, both counted
        Assert.True(exit == 0, $"demo --dry-run exited {exit}\n{stdout}\n{stderr}");
        var failover = stdout.IndexOf("  region-failover: faults kill-site primary; then plan region-failover as a drill; acknowledged writes counted", StringComparison.Ordinal);
        var failback = stdout.IndexOf("  failback: no fault (the RTO clock starts with the plan); then plan failback as a drill; acknowledged writes counted", StringComparison.Ordinal);
        Assert.True(failover >= 0 && failback > failover, stdout);
        Assert.False(Directory.Exists(sandbox), "a dry run starts nothing");
    }

    public void Dispose()
    {
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    private async Task<JsonElement> RunAsync(string sandbox, string state, string scenario, params string[] inputs)
    {
        string[] run = ["run", scenario, "--estate", "examples/axis-imaging", "--mode", "drill", "--auto-approve", "--state", state, "--output", "json", .. inputs];
        var (exit, stdout, stderr) = await CliProcess.RunAsync(RepositoryPaths.Root, run, new Dictionary<string, string> { ["LIFELINE_SANDBOX_DIR"] = sandbox });
        output.WriteLine($"{scenario} exited {exit}\n{stderr}");
        Assert.True(exit == 0, $"{scenario} exited {exit}\n{stdout}\n{stderr}");
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    /// <summary>The keys in a site's uploads bucket, listed with the AWS CLI v2 and the sandbox's own access key.</summary>
    private static async Task<IReadOnlyList<string>> ObjectKeysAsync(SandboxState state, string site)
    {
        var settings = state.Settings;
        var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/aws") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var word in (string[])["--endpoint-url", settings[$"LIFELINE_SANDBOX_S3_{site.ToUpperInvariant()}_URL"], "--region", "us-east-1", "--output", "json", "s3api", "list-objects-v2", "--bucket", "uploads"])
        {
            start.ArgumentList.Add(word);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = settings["LIFELINE_SECRET_SANDBOX_S3_ACCESS_KEY_ID"];
        start.Environment["AWS_SECRET_ACCESS_KEY"] = settings["LIFELINE_SECRET_SANDBOX_S3_SECRET_ACCESS_KEY"];
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var listing = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"listing {site}'s uploads failed: {await error}");
        return listing.Trim().Length == 0
            ? []
            : [.. JsonDocument.Parse(listing).RootElement.GetProperty("Contents").EnumerateArray().Select(o => o.GetProperty("Key").GetString()!)];
    }

    /// <summary>Every 50 ms, whether each database would take a write from a new client; an unreachable one would not.</summary>
    private static async Task ObserveWritableAsync(string primary, string dr, ConcurrentQueue<(DateTimeOffset, bool, bool)> samples, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var both = await Task.WhenAll(WritableAsync(primary), WritableAsync(dr));
            samples.Enqueue((TimeProvider.System.GetUtcNow(), both[0], both[1]));
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<bool> WritableAsync(string connectionString)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select not pg_is_in_recovery() and current_setting('default_transaction_read_only') = 'off'", connection);
            return await command.ExecuteScalarAsync() is true;
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return false;
        }
    }

    private static async Task<bool> InRecoveryAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select pg_is_in_recovery()", connection);
        return await command.ExecuteScalarAsync() is true;
    }

    private static async Task<bool> AnswersAsync(Uri url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            return (await http.GetAsync(url)).StatusCode == HttpStatusCode.OK;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static string Connection(IReadOnlyDictionary<string, string> settings) => new NpgsqlConnectionStringBuilder
    {
        Host = settings["host"],
        Port = int.Parse(settings["port"], CultureInfo.InvariantCulture),
        Database = settings["database"],
        Username = settings["user"],
        Password = settings["password"],
        Timeout = 2,
        Pooling = false,
    }.ConnectionString;

    private static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        while (!condition())
        {
            if (TimeProvider.System.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        return true;
    }

    private static string Site(object address)
    {
        var text = address.ToString()!;
        return text[..text.LastIndexOf('.')];
    }
}
