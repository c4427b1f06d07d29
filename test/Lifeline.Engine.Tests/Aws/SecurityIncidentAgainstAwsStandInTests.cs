using System.Text;
using Lifeline.AwsStandIn;
using Lifeline.Core.PlanFiles;
using Lifeline.Core.Providers;
using Lifeline.Engine.Audit;
using Lifeline.Engine.Checkpoints;
using Lifeline.Engine.Incidents;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Scheduling;
using Lifeline.Providers;
using Lifeline.Providers.Aws.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Engine.Tests.Aws;

/// <summary>
/// The MedZen security-incident and Bedrock-failover steps as one live production plan, every AWS step run by the real AWS
/// CLI v2 against the AWS stand-in (no AWS account is reachable here): read a secret (hash only), look up the compromised
/// user in CloudTrail (evidence for the incident), rotate the secret, switch the chat handler's Bedrock region and roll
/// it back from the switch step's outputs. One run serves every assertion: each CLI process start costs a second or
/// more on a loaded machine.
/// </summary>
public sealed class SecurityIncidentAgainstAwsStandInTests : IAsyncLifetime
{
    private const string Original = "medzen-api-key-0riginal-9c2e7a";
    private const string Handler = "medzen-ai-chat-handler";

    private const string Plan = """
        scenario: security-incident
        severity: P1
        phases:
          - id: contain
            name: Contain and investigate
            budget: 30m
            steps:
              - id: secret-resolves
                check: secret.get
                target: api-keys
                expect: { exists: true }
              - id: investigate
                needs: [secret-resolves]
                action: audit-log.lookup
                target: trail
                with: { attribute: Username, value: compromised-user, within: 24h }
              - id: rotate
                needs: [investigate]
                action: secret.rotate
                target: api-keys
              - id: bedrock-to-us-east-1
                needs: [rotate]
                action: function.configure
                target: chat-handler
                with: { variable: BEDROCK_REGION, value: us-east-1 }
              - id: bedrock-back
                needs: [bedrock-to-us-east-1]
                action: function.rollback
                target: chat-handler
                with:
                  variable: ${{ steps.bedrock-to-us-east-1.outputs.variable }}
                  previous-value: ${{ steps.bedrock-to-us-east-1.outputs.previous_value }}
                  previous-present: ${{ steps.bedrock-to-us-east-1.outputs.previous_present }}
        """;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lifeline-aws-ops-" + Guid.NewGuid().ToString("N")[..8]);
    private AwsStandIn.AwsStandIn _standIn = null!;
    private StandInCliProfile _profile = null!;

    public Task InitializeAsync()
    {
        Assert.True(StandInCliProfile.CliAvailable, "the AWS CLI v2 is missing: apt-get install awscli (test.sh installs it)");
        Directory.CreateDirectory(Path.Combine(_directory, "estate", "plans"));
        _standIn = AwsStandIn.AwsStandIn.Start();
        _profile = new StandInCliProfile();
        _standIn.AddSecret("medzen/api-keys", Original);
        _standIn.AddFunction(Handler, new Dictionary<string, string> { ["BEDROCK_REGION"] = "eu-west-1", ["TABLE"] = "chats" });
        _standIn.AddTrailEvent(TimeProvider.System.GetUtcNow().AddHours(-1), "GetSecretValue", "compromised-user", "secretsmanager.amazonaws.com", "203.0.113.9");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _standIn.DisposeAsync();
        _profile.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task SecurityIncident_LiveProductionAgainstAwsStandIn_PreviewsRunsAttachesEvidenceRollsBackAndLeaksNoSecret()
    {
        // Given the plan, bound to the stand-in, and an incident the run is linked to
        var providers = new ServiceCollection()
            .AddSingleton(new AwsCliOptions { Binary = _profile.Wrapper, Environment = _profile.Environment, RetryDelay = TimeSpan.FromMilliseconds(200) })
            .AddLifelineProviders().BuildServiceProvider().GetRequiredService<ProviderRegistry>();
        var loaded = Load(providers);
        await using var store = await SqliteRunStore.OpenAsync(Path.Combine(_directory, "state.db"), CancellationToken.None);
        await using var audit = await SqliteAuditTrail.OpenAsync(Path.Combine(_directory, "audit.db"), TimeProvider.System, CancellationToken.None);
        var incidentStore = await SqliteIncidentStore.OpenAsync(Path.Combine(_directory, "incidents.db"), CancellationToken.None);
        var runs = new RunService(providers, store, TimeProvider.System, _ => null, audit);
        var incidents = new IncidentService(incidentStore, store, TimeProvider.System);
        var request = new StartRunRequest(loaded, "security-incident", RunMode.Live, "production", new Dictionary<string, string>(), RunBehaviour.Default, "tester");

        // When it is dry-run, then run live and linked to the incident
        var dryRun = runs.DryRun(request);
        var commands = dryRun.Phases.SelectMany(p => p.Steps).ToDictionary(s => s.Id, s => s.Commands ?? []);
        Assert.Empty(_standIn.Calls);
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var outcome = await runs.StartAsync(request, NullRunObserver.Instance, limit.Token);
        Assert.True(outcome.Report is not null, outcome.Error);
        var report = outcome.Report!;
        var (incident, _) = await incidents.OpenAsync("Compromised credential", "P1", "security-incident", "ops", null, false, null, CancellationToken.None);
        Assert.Null((await incidents.LinkRunAsync(incident!.Id, report.RunId, "ops", CancellationToken.None)).Error);
        var view = await incidents.ViewAsync(incident.Id, CancellationToken.None);

        // Then the dry-run showed each step's exact aws lines, the environment masked
        Assert.Equal([Line("secretsmanager get-secret-value --secret-id medzen/api-keys")], commands["secret-resolves"]);
        Assert.StartsWith("aws cloudtrail lookup-events --lookup-attributes '[{\"AttributeKey\":\"Username\",\"AttributeValue\":\"compromised-user\"}]' --start-time ", commands["investigate"][0], StringComparison.Ordinal);
        Assert.Matches("^aws secretsmanager rotate-secret --secret-id medzen/api-keys --client-request-token lifeline-[0-9a-f]{40} --region eu-west-1 ", commands["rotate"][0]);
        Assert.Equal(
            [Line($"lambda get-function --function-name {Handler}"),
             Line($"lambda update-function-configuration --function-name {Handler} --environment 'file://<the current variables with BEDROCK_REGION=us-east-1>' --revision-id '<the revision read>'"),
             Line($"lambda wait function-updated --function-name {Handler}")],
            commands["bedrock-to-us-east-1"]);

        // And the live run succeeded with the calls in order, the secret rotated and the handler's region back where it was
        Assert.True(report.Status == "succeeded", string.Join("; ", report.Steps.Where(s => s.Status != "succeeded").Select(s => $"{s.Id}={s.Status} {s.Error}")));
        Assert.Empty(_standIn.Rejections);
        Assert.Equal(
            ["GetSecretValue", "LookupEvents", "RotateSecret", "GetFunction", "UpdateFunctionConfiguration", "GetFunctionConfiguration", "GetFunction", "UpdateFunctionConfiguration", "GetFunctionConfiguration"],
            _standIn.Calls.Select(c => c.Operation));
        Assert.Equal(1, _standIn.Rotations("medzen/api-keys"));
        Assert.Equal("us-east-1", _standIn.Calls.Single(c => c.Operation == "UpdateFunctionConfiguration" && c.Parameters["Environment.Variables.BEDROCK_REGION"] == "us-east-1").Parameters["Environment.Variables.BEDROCK_REGION"]);
        Assert.Equal(new Dictionary<string, string> { ["BEDROCK_REGION"] = "eu-west-1", ["TABLE"] = "chats" }, _standIn.FunctionEnvironment(Handler));
        Assert.Equal("eu-west-1", report.Steps.Single(s => s.Id == "bedrock-to-us-east-1").Outputs["previous_value"]);

        // And the CloudTrail lookup is evidence on the incident's timeline
        Assert.Contains(view!.Timeline, i => i.Kind == nameof(RunEventKind.Evidence)
            && i.Text.Contains("GetSecretValue by compromised-user from 203.0.113.9", StringComparison.Ordinal));

        // And neither the original nor the rotated value is in any argv, event, state, audit or incident byte
        var rotated = _standIn.SecretValue("medzen/api-keys")!;
        Assert.NotEqual(Original, rotated);
        var events = await runs.EventsAsync(report.RunId, CancellationToken.None);
        var argv = _profile.RecordedArgv().SelectMany(a => a).ToList();
        foreach (var secret in new[] { Original, rotated })
        {
            Assert.DoesNotContain(argv, w => w.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(events, e => e.Message.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(commands.Values.SelectMany(c => c), c => c.Contains(secret, StringComparison.Ordinal));
            foreach (var file in Directory.GetFiles(_directory, "*.db*"))
            {
                var bytes = await File.ReadAllBytesAsync(file);
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"{Path.GetFileName(file)} holds a secret value");
            }
        }

        Assert.DoesNotContain(argv, w => w.Contains("chats", StringComparison.Ordinal));
    }

    private string Line(string command) => $"aws {command} --region eu-west-1 --endpoint-url {_standIn.Endpoint} --output json";

    private LoadedEstate Load(ProviderRegistry providers)
    {
        var estate = $$"""
            estate: medzen
            profiles: [production]
            sites:
              eu: { role: primary, region: eu-west-1 }
            contacts:
              ops: { name: Ops, role: On-call }
            resources:
              api-keys:
                kind: secret
                site: eu
                bindings:
                  production: { provider: aws-secretsmanager, settings: { secret-id: medzen/api-keys, endpoint-url: "{{_standIn.Endpoint}}" } }
              trail:
                kind: endpoint
                site: eu
                bindings:
                  production: { provider: aws-cloudtrail, settings: { endpoint-url: "{{_standIn.Endpoint}}" } }
              chat-handler:
                kind: function
                site: eu
                bindings:
                  production: { provider: aws-lambda, settings: { function: {{Handler}}, endpoint-url: "{{_standIn.Endpoint}}" } }
            """;
        var directory = Path.Combine(_directory, "estate");
        File.WriteAllText(Path.Combine(directory, "estate.yaml"), estate);
        File.WriteAllText(Path.Combine(directory, "plans", "security-incident.yaml"), Plan);
        var (sources, readErrors) = EstateSources.Read(directory);
        Assert.True(sources is not null, string.Join("\n", readErrors));
        var (loaded, diagnostics) = EstateLoader.Load(sources!, new LoadOptions("production", new Dictionary<string, string>(), providers));
        Assert.True(loaded is not null, string.Join("\n", diagnostics));
        return loaded!;
    }
}
