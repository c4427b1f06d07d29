using System.Text;
using System.Text.RegularExpressions;
using Lifeline.AwsStandIn;
using Lifeline.Core.PlanFiles;
using Lifeline.Core.Providers;
using Lifeline.Engine.Audit;
using Lifeline.Engine.Checkpoints;
using Lifeline.Engine.Reports;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Scheduling;
using Lifeline.Providers;
using Lifeline.Providers.Aws.Cli;
using Microsoft.Extensions.DependencyInjection;

using Lifeline.Engine.Tests.Support;

namespace Lifeline.Engine.Tests.Aws;

/// <summary>
/// The Axis Imaging region-failover plan, live, with the production profile, every AWS step run by the real AWS CLI v2
/// against the AWS stand-in (no AWS account is reachable here). The test runs a copy of examples/axis-imaging in which:
/// every production aws-* binding gets <c>endpoint-url</c>: the stand-in for the DR region and Route 53, and a port nothing
/// listens on for the primary region (that is the outage: its API does not answer); the four public HTTP endpoints are
/// bound to loopback (the primary's to a dead port, the DR's to a server answering 200), because the real URLs are not
/// reachable from a test; and the plan's verify-data step is left out: it is SQL over the promoted database's connection,
/// not an AWS call, and the postgres provider's tests cover it.
/// </summary>
public sealed class RegionFailoverAgainstAwsStandInTests : IAsyncLifetime
{
    private const string Password = "Axis-DB-pa55word-7f3c1e9b";
    private const string Dr = "ap-southeast-4";
    private const string Replica = "axis-imaging-primary-dr-production";
    private const string Cluster = "axis-imaging-cluster-production-dr";
    private const string Alb = "axis-imaging-alb-dr-production.ap-southeast-4.elb.amazonaws.com";

    private static readonly Dictionary<string, string> Deciders = new(StringComparer.Ordinal) { ["decide"] = "cto", ["open-aws-case"] = "on-call" };

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lifeline-aws-failover-" + Guid.NewGuid().ToString("N")[..8]);
    private AwsStandIn.AwsStandIn _standIn = null!;
    private StandInCliProfile _profile = null!;
    private HealthyEndpoint _dr = null!;

    public Task InitializeAsync()
    {
        Assert.True(StandInCliProfile.CliAvailable, "the AWS CLI v2 is missing: apt-get install awscli (test.sh installs it)");
        Directory.CreateDirectory(_directory);
        _standIn = AwsStandIn.AwsStandIn.Start();
        _profile = new StandInCliProfile();
        _dr = new HealthyEndpoint();
        _standIn.AddDbInstance(Replica, Dr, replicaOf: "axis-imaging-primary-production", address: "axis-imaging-primary-dr-production.abc.ap-southeast-4.rds.amazonaws.com");
        _standIn.AddEcsService(Cluster, "axis-imaging-backend-production-dr", Dr, desired: 0);
        _standIn.AddEcsService(Cluster, "axis-imaging-frontend-production-dr", Dr, desired: 0);
        _standIn.AddSecret("axis-imaging/database/password/production-dr", "{}");
        // Phase 2.1's backups: last night's job completed and its copy replicated to the DR bucket.
        var lastNight = TimeProvider.System.GetUtcNow().AddHours(-6);
        _standIn.AddBackupVault("axis-imaging-backup-vault-dr-production", recoveryPoints: 7);
        _standIn.AddBackupJob("axis-imaging-backup-vault-dr-production", "COMPLETED", lastNight, lastNight.AddMinutes(20));
        _standIn.AddObject("axis-imaging-backups-dr-production", "database-backups/" + lastNight.ToString("yyyy/MM", System.Globalization.CultureInfo.InvariantCulture) + "/latest-backup.sql.enc", 4096, lastNight.AddMinutes(25));
        // 3.3's uploads: replicated under file-uploads/ of the DR backups bucket; the DR uploads bucket holds an older one.
        _standIn.AddObject("axis-imaging-backups-dr-production", "file-uploads/scan-0002.dcm", 2048, TimeProvider.System.GetUtcNow().AddMinutes(-3));
        _standIn.AddObject("axis-imaging-uploads-dr-production", "scan-0001.dcm", 2048, lastNight);
        _standIn.AddCertificate("arn:aws:acm:ap-southeast-4:ACCOUNT:certificate/DR_SSL_CERTIFICATE", "portal.axisimaging.com.au", "ISSUED", TimeProvider.System.GetUtcNow().AddDays(200));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _dr.DisposeAsync();
        await _standIn.DisposeAsync();
        _profile.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task RegionFailover_LiveProductionAgainstAwsStandIn_RunsTheAwsCallsInOrderRetriesThrottlingAndLeaksNoSecret()
    {
        // Given the primary region's API down, the DR region's resources waiting, and AWS throttling the first promotion
        _standIn.Inject("PromoteReadReplica", AwsFault.Throttling);

        // When the plan runs live with the production profile, approved by the CTO, the AWS case confirmed by on-call
        // (one run serves three checks: each costs a couple of minutes of CLI process starts on a loaded machine)
        var (report, events) = await RunAsync();

        // Then it succeeds, and the AWS calls came in the runbook's order
        Assert.True(report.Status == "succeeded", Describe(report));
        Assert.Empty(_standIn.Rejections);
        var calls = _standIn.Calls;
        var order = string.Join("\n", calls);
        var promote = Index(calls, c => c.Operation == "PromoteReadReplica");
        var available = Index(calls, c => c.Operation == "DescribeDBInstances" && c.Parameters["DBInstanceIdentifier"] == Replica, after: promote);
        var secret = Index(calls, c => c.Operation == "PutSecretValue", after: available);
        var updates = calls.Select((c, i) => (c, i)).Where(x => x.c.Operation == "UpdateService").ToList();
        Assert.Equal(2, updates.Count);
        var stable = updates.Select(u => Index(calls, c => c.Operation == "DescribeServices" && c.Parameters["services.0"] == u.c.Parameters["service"], after: u.i)).ToList();
        var changes = calls.Select((c, i) => (c, i)).Where(x => x.c.Operation == "ChangeResourceRecordSets").Select(x => x.i).ToList();
        Assert.Equal(2, changes.Count);
        var inSync = changes.Select(i => Index(calls, c => c.Operation == "GetChange", after: i)).ToList();
        var complete = calls.Select((c, i) => (c, i)).Last(x => x.c.Operation == "Publish").i;
        // 4.2: the DR certificate was read from ACM before the recovery was declared complete
        Assert.InRange(Index(calls, c => c.Operation == "DescribeCertificate"), 0, complete);
        Assert.True(promote < available && available < secret, order);
        Assert.All(updates, u => Assert.True(u.i > secret, order));
        Assert.All(changes, i => Assert.True(i > stable.Max(), order));
        Assert.True(complete > inSync.Max(), order);
        Assert.All(updates, u => Assert.Equal("2", u.c.Parameters["desiredCount"]));
        Assert.Equal([Alb], _standIn.Record("portal.axisimaging.com.au", "CNAME"));
        Assert.Equal([Alb], _standIn.Record("api.axisimaging.com.au", "CNAME"));
        Assert.Contains(Password, _standIn.SecretValue("axis-imaging/database/password/production-dr"), StringComparison.Ordinal);
        Assert.Contains("axis-imaging-primary-dr-production.abc.ap-southeast-4.rds.amazonaws.com", _standIn.SecretValue("axis-imaging/database/password/production-dr"), StringComparison.Ordinal);
        Assert.Equal(4, _standIn.Published.Count);
        // The primary region was never reached: the outage is its API not answering.
        Assert.DoesNotContain(calls, c => c.Region == "ap-southeast-2");
        Assert.Contains(report.Steps.Single(s => s.Id == "fence-primary").Outputs, o => o.Key == "fenced" && o.Value == "false");

        // And the throttled promotion was tried again and succeeded
        Assert.Equal(["Throttling", null], calls.Where(c => c.Operation == "PromoteReadReplica").Select(c => c.Error));
        Assert.Contains(events, e => e.StepId == "promote" && e.Message.Contains("Throttling", StringComparison.Ordinal) && e.Message.Contains("retrying", StringComparison.Ordinal));

        // And the database password is in no child process's argv, no step log line, and no byte of the state or audit database
        Assert.Equal(["scan-0001.dcm", "scan-0002.dcm"], _standIn.ObjectKeys("axis-imaging-uploads-dr-production"));
        Assert.InRange(double.Parse(report.Steps.Single(s => s.Id == "files-survived").Outputs["rpo_files_s"], System.Globalization.CultureInfo.InvariantCulture), 170, 3600);
        await AssertNoSecretLeakedAsync(events);
    }

    [Fact]
    public async Task RegionFailover_AccessDeniedOnSecretAgainstAwsStandIn_StopsTheStepWithTheCodeAndNoRetry()
    {
        _standIn.Inject("PutSecretValue", AwsFault.AccessDenied, times: 5);

        var (report, _) = await RunAsync();

        Assert.Equal("failed", report.Status);
        var step = report.Steps.Single(s => s.Id == "update-db-secret");
        Assert.Equal("failed", step.Status);
        Assert.Contains("AccessDeniedException", step.Error, StringComparison.Ordinal);
        Assert.Single(_standIn.Calls, c => c.Operation == "PutSecretValue");
        Assert.DoesNotContain(_standIn.Calls, c => c.Operation == "UpdateService");
    }

    private async Task AssertNoSecretLeakedAsync(IReadOnlyList<RunEvent> events)
    {
        var argv = _profile.RecordedArgv();
        Assert.Contains(argv, a => a.Take(2).SequenceEqual(["secretsmanager", "put-secret-value"]));
        Assert.DoesNotContain(argv.SelectMany(a => a), word => word.Contains(Password, StringComparison.Ordinal));
        Assert.DoesNotContain(argv.SelectMany(a => a), word => word.Contains(StandInCliProfile.DummySecretAccessKey, StringComparison.Ordinal));
        Assert.DoesNotContain(events, e => e.Message.Contains(Password, StringComparison.Ordinal));
        foreach (var file in Directory.GetFiles(_directory, "*.db*"))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Password)) < 0, $"{Path.GetFileName(file)} holds the password");
        }

        Assert.DoesNotContain(Directory.GetFiles(Path.GetTempPath(), "lifeline-aws-*"), f => File.ReadAllText(f).Contains(Password, StringComparison.Ordinal));
    }

    private async Task<(RunReport Report, IReadOnlyList<RunEvent> Events)> RunAsync()
    {
        var estate = CopyEstate();
        var options = new AwsCliOptions { Binary = _profile.Wrapper, Environment = _profile.Environment, RetryDelay = TimeSpan.FromMilliseconds(200) };
        var providers = new ServiceCollection().AddSingleton(options).AddLifelineProviders().BuildServiceProvider().GetRequiredService<ProviderRegistry>();
        var (sources, readErrors) = EstateSources.Read(estate);
        Assert.True(sources is not null, string.Join("\n", readErrors));
        // The reduced-load validation runs against the loopback DR endpoint for a second, not the runbook's minute.
        var inputs = new Dictionary<string, string> { ["criteria-window"] = "1s", ["load-duration"] = "1s" };
        var (loaded, diagnostics) = EstateLoader.Load(sources!, new LoadOptions("production", inputs, providers));
        Assert.True(loaded is not null, string.Join("\n", diagnostics));

        var state = Path.Combine(_directory, "state.db");
        await using var store = await SqliteRunStore.OpenAsync(state, CancellationToken.None);
        await using var audit = await SqliteAuditTrail.OpenAsync(Path.Combine(_directory, "audit.db"), TimeProvider.System, CancellationToken.None);
        var environment = new Dictionary<string, string> { ["LIFELINE_SECRET_AXIS_DB_PASSWORD"] = Password };
        var runs = new RunService(providers, store, TimeProvider.System, name => environment.GetValueOrDefault(name), audit);
        var request = new StartRunRequest(
            loaded!, "region-failover", RunMode.Live, "production",
            inputs, RunBehaviour.Default, "tester");
        // A bound far above the couple of minutes the run takes on a loaded machine: a hang fails, it does not block.
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        var outcome = await runs.StartAsync(request, NullRunObserver.Instance, limit.Token);
        Assert.True(outcome.Report is not null, outcome.Error);
        var report = outcome.Report!;
        // The people at the gates: the CTO decides to fail over, on-call confirms the AWS support case.
        for (var gates = 0; report.Status == "waiting" && gates < 5; gates++)
        {
            foreach (var waiting in report.Steps.Where(s => s.Status == "waiting"))
            {
                Assert.True(Deciders.TryGetValue(waiting.Id, out var by), $"unexpected gate {waiting.Id}");
                Assert.Null(await runs.DecideAsync(report.RunId, waiting.Id, DecisionKind.Approve, by, "test", CancellationToken.None));
            }

            outcome = await runs.ResumeAsync(report.RunId, RunBehaviour.Default, NullRunObserver.Instance, limit.Token);
            Assert.True(outcome.Report is not null, outcome.Error);
            report = outcome.Report!;
        }

        return (report, await runs.EventsAsync(report.RunId, CancellationToken.None));
    }

    /// <summary>examples/axis-imaging with its production endpoints bound to loopback, as the class summary says.</summary>
    private string CopyEstate()
    {
        var source = Path.Combine(RepositoryPaths.Root, "examples", "axis-imaging");
        var target = Path.Combine(_directory, "estate");
        Directory.CreateDirectory(Path.Combine(target, "plans"));
        var deadRegion = $"http://127.0.0.1:{AwsStandIn.AwsStandIn.FreePort()}";
        var deadSite = $"http://127.0.0.1:{AwsStandIn.AwsStandIn.FreePort()}";
        var resource = "";
        var awsBinding = false;
        var lines = new List<string>();
        foreach (var line in File.ReadAllLines(Path.Combine(source, "estate.yaml")))
        {
            if (Regex.Match(line, "^  ([a-z0-9-]+):$") is { Success: true } header)
            {
                resource = header.Groups[1].Value;
            }

            var rewritten = line;
            // An aws-* binding's settings are on the provider's line (flow style) or the next one (block style).
            awsBinding |= line.Contains("provider: aws-", StringComparison.Ordinal);
            if (awsBinding && line.Contains("settings: { ", StringComparison.Ordinal))
            {
                var endpoint = line.Contains("region: ap-southeast-2", StringComparison.Ordinal) ? deadRegion : _standIn.Endpoint;
                rewritten = line.Replace("settings: { ", $"settings: {{ endpoint-url: \"{endpoint}\", ", StringComparison.Ordinal);
                awsBinding = false;
            }
            else if (line.Contains("production: { provider: http", StringComparison.Ordinal))
            {
                rewritten = Regex.Replace(line, "url: \"[^\"]+\"", $"url: \"{(resource.EndsWith("-dr", StringComparison.Ordinal) ? _dr.Url : deadSite)}\"");
            }

            lines.Add(rewritten);
        }

        Assert.Equal(12, lines.Count(l => l.Contains($"endpoint-url: \"{_standIn.Endpoint}\"", StringComparison.Ordinal)));
        Assert.Equal(8, lines.Count(l => l.Contains($"endpoint-url: \"{deadRegion}\"", StringComparison.Ordinal)));
        File.WriteAllLines(Path.Combine(target, "estate.yaml"), lines);
        var plan = File.ReadAllText(Path.Combine(source, "plans", "region-failover.yaml"));
        plan = Regex.Replace(plan, @"      - id: verify-data\n(?:        .*\n)+", "");
        plan = plan.Replace("login, verify-data, ", "login, ", StringComparison.Ordinal);
        Assert.DoesNotContain("verify-data", plan, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(target, "plans", "region-failover.yaml"), plan);
        // The estate's other plans come along unchanged: its drill scenarios name them.
        foreach (var other in Directory.GetFiles(Path.Combine(source, "plans"), "*.yaml").Where(f => Path.GetFileName(f) != "region-failover.yaml"))
        {
            File.Copy(other, Path.Combine(target, "plans", Path.GetFileName(other)));
        }

        return target;
    }

    private static int Index(IReadOnlyList<AwsCall> calls, Func<AwsCall, bool> match, int after = -1)
    {
        for (var i = after + 1; i < calls.Count; i++)
        {
            if (match(calls[i]))
            {
                return i;
            }
        }

        Assert.Fail($"no matching call after #{after} in:\n{string.Join("\n", calls)}");
        return -1;
    }

    private static string Describe(RunReport report) =>
        $"{report.Status}: " + string.Join("; ", report.Steps.Where(s => s.Status != "succeeded").Select(s => $"{s.Id}={s.Status} {s.Error}"));
}
