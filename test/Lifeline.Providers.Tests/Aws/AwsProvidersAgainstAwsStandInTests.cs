using Lifeline.AwsStandIn;
using Lifeline.Providers.Aws.Ecs;
using Lifeline.Providers.Aws.Rds;
using Lifeline.Providers.Aws.Route53;
using Lifeline.Providers.Aws.SecretsManager;
using Lifeline.Providers.Aws.Sns;

namespace Lifeline.Providers.Tests.Aws;

/// <summary>The aws-* providers running the real AWS CLI v2 against the AWS stand-in (no AWS account is reachable here).</summary>
public sealed class AwsProvidersAgainstAwsStandInTests
{
    private const string Replica = "axis-imaging-primary-dr-production";
    private const string Dr = "ap-southeast-4";

    [Fact]
    public async Task Promote_ReadReplicaAgainstAwsStandIn_PromotesWaitsAndReportsEndpoint()
    {
        // Given a cross-region read replica
        await using var rig = AwsRig.Start();
        rig.StandIn.AddDbInstance(Replica, Dr, replicaOf: "axis-imaging-primary-production", address: "dr.db.example", port: 5432);
        var rds = new AwsRdsProvider(rig.Cli, TimeProvider.System);

        // When it is promoted
        var outcome = await rds.ExecuteAsync(rig.Operation("database.promote", rig.Settings(("instance", Replica), ("region", Dr))), CancellationToken.None);

        // Then the CLI promoted it, waited with its own waiter, and the step has the endpoint
        Assert.True(outcome.Succeeded, outcome.Error);
        // (the waiter polls twice: the stand-in keeps the instance "modifying" for one describe, as AWS does)
        Assert.Equal(["DescribeDBInstances", "PromoteReadReplica", "DescribeDBInstances", "DescribeDBInstances", "DescribeDBInstances"], rig.Operations());
        Assert.All(rig.StandIn.Calls, c => Assert.Equal(Dr, c.Region));
        Assert.Equal("dr.db.example:5432", outcome.Outputs["endpoint"]);
        Assert.Equal("available", rig.StandIn.DbInstanceStatus(Replica));
        Assert.Empty(rig.StandIn.Rejections);
        Assert.Contains(rig.Log.Lines, l => l.StartsWith("using aws-cli/2.", StringComparison.Ordinal));
        Assert.Contains(rig.Profile.RecordedArgv(), argv => argv.Take(3).SequenceEqual(["rds", "wait", "db-instance-available"]));
    }

    [Fact]
    public async Task Promote_AlreadyPromotedAgainstAwsStandIn_DoesNotPromoteAgain()
    {
        await using var rig = AwsRig.Start();
        rig.StandIn.AddDbInstance(Replica, Dr, replicaOf: null);
        var rds = new AwsRdsProvider(rig.Cli, TimeProvider.System);

        var outcome = await rds.ExecuteAsync(rig.Operation("database.promote", rig.Settings(("instance", Replica), ("region", Dr))), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.DoesNotContain("PromoteReadReplica", rig.Operations());
    }

    [Fact]
    public async Task Promote_ThrottledOnceAgainstAwsStandIn_IsRetriedAndSucceeds()
    {
        // Given promote-read-replica throttled once
        await using var rig = AwsRig.Start();
        rig.StandIn.AddDbInstance(Replica, Dr, replicaOf: "primary");
        rig.StandIn.Inject("PromoteReadReplica", AwsFault.Throttling);
        var rds = new AwsRdsProvider(rig.Cli, TimeProvider.System);

        // When it is promoted
        var outcome = await rds.ExecuteAsync(rig.Operation("database.promote", rig.Settings(("instance", Replica), ("region", Dr))), CancellationToken.None);

        // Then the throttled call was tried again, and the step log says so
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(["Throttling", null], rig.StandIn.Calls.Where(c => c.Operation == "PromoteReadReplica").Select(c => c.Error));
        Assert.Contains(rig.Log.Lines, l => l.Contains("Throttling", StringComparison.Ordinal) && l.Contains("retrying", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Promote_ServerErrorOnceAgainstAwsStandIn_IsRetriedAndSucceeds()
    {
        await using var rig = AwsRig.Start();
        rig.StandIn.AddDbInstance(Replica, Dr, replicaOf: "primary");
        rig.StandIn.Inject("PromoteReadReplica", AwsFault.ServerError);
        var rds = new AwsRdsProvider(rig.Cli, TimeProvider.System);

        var outcome = await rds.ExecuteAsync(rig.Operation("database.promote", rig.Settings(("instance", Replica), ("region", Dr))), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(2, rig.StandIn.Calls.Count(c => c.Operation == "PromoteReadReplica"));
    }

    [Fact]
    public async Task Promote_AccessDeniedAgainstAwsStandIn_FailsPermanentlyWithCodeAndNoRetry()
    {
        await using var rig = AwsRig.Start();
        rig.StandIn.AddDbInstance(Replica, Dr, replicaOf: "primary");
        rig.StandIn.Inject("PromoteReadReplica", AwsFault.AccessDenied);
        var rds = new AwsRdsProvider(rig.Cli, TimeProvider.System);

        var outcome = await rds.ExecuteAsync(rig.Operation("database.promote", rig.Settings(("instance", Replica), ("region", Dr))), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.False(outcome.IsTransient);
        Assert.Contains("AccessDenied", outcome.Error, StringComparison.Ordinal);
        Assert.Single(rig.StandIn.Calls, c => c.Operation == "PromoteReadReplica");
        Assert.Equal("available", rig.StandIn.DbInstanceStatus(Replica));
    }

    [Fact]
    public async Task Status_RegionApiUnreachableAgainstAwsStandIn_ObservesUnreachable()
    {
        // Given a binding whose regional endpoint does not answer: a port the test holds bound without listening, so
        // connections are refused and no other process can take it meanwhile (a port merely found free once was, by a
        // server of a test running beside this one, and answered)
        await using var rig = AwsRig.Start();
        var rds = new AwsRdsProvider(rig.Cli, TimeProvider.System);
        var settings = rig.Settings(("instance", "axis-imaging-primary-production"), ("region", "ap-southeast-2"));
        using var closed = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        closed.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        settings["endpoint-url"] = $"http://127.0.0.1:{((System.Net.IPEndPoint)closed.LocalEndPoint!).Port}";

        var outcome = await rds.ProbeAsync(rig.Probe("database.status", settings), CancellationToken.None);

        Assert.Null(outcome.Error);
        Assert.Equal("false", outcome.Fields["reachable"]);
        Assert.Contains("ConnectionFailure", outcome.Fields["error"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_AccessDeniedAgainstAwsStandIn_IsAnErrorNotAnOutage()
    {
        await using var rig = AwsRig.Start();
        rig.StandIn.AddDbInstance(Replica, Dr, replicaOf: "primary");
        rig.StandIn.Inject("DescribeDBInstances", AwsFault.AccessDenied);
        var rds = new AwsRdsProvider(rig.Cli, TimeProvider.System);

        var outcome = await rds.ProbeAsync(rig.Probe("database.status", rig.Settings(("instance", Replica), ("region", Dr))), CancellationToken.None);

        Assert.Contains("AccessDenied", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_ReplicaAgainstAwsStandIn_ReportsRoleAndLagFromCloudWatch()
    {
        await using var rig = AwsRig.Start();
        rig.StandIn.AddDbInstance(Replica, Dr, replicaOf: "primary");
        rig.StandIn.ReplicaLagSeconds = 12;
        var rds = new AwsRdsProvider(rig.Cli, TimeProvider.System);

        var outcome = await rds.ProbeAsync(rig.Probe("database.status", rig.Settings(("instance", Replica), ("region", Dr))), CancellationToken.None);

        Assert.Null(outcome.Error);
        Assert.Equal("true", outcome.Fields["reachable"]);
        Assert.Equal("replica", outcome.Fields["role"]);
        Assert.Equal("12", outcome.Fields["lag_seconds"]);
        Assert.Equal(["DescribeDBInstances", "GetMetricStatistics"], rig.Operations());
        Assert.Empty(rig.StandIn.Rejections);
    }

    [Fact]
    public async Task Fence_RegionUnreachableAgainstAwsStandIn_ReportsNotFencedUnlessAccepted()
    {
        await using var rig = AwsRig.Start();
        var rds = new AwsRdsProvider(rig.Cli, TimeProvider.System);
        var settings = rig.Settings(("instance", "axis-imaging-primary-production"), ("region", "ap-southeast-2"));
        settings["endpoint-url"] = $"http://127.0.0.1:{AwsStandIn.AwsStandIn.FreePort()}";

        var refused = await rds.ExecuteAsync(rig.Operation("database.fence", settings), CancellationToken.None);
        var accepted = await rds.ExecuteAsync(rig.Operation("database.fence", settings, new() { ["accept-unreachable"] = "true" }), CancellationToken.None);

        Assert.False(refused.Succeeded);
        Assert.Contains("not fenced", refused.Error, StringComparison.Ordinal);
        Assert.True(accepted.Succeeded, accepted.Error);
        Assert.Equal("false", accepted.Outputs["fenced"]);
        Assert.Equal("false", accepted.Outputs["reachable"]);
    }

    [Fact]
    public async Task Fence_ReachablePrimaryWithStopAgainstAwsStandIn_StopsIt()
    {
        await using var rig = AwsRig.Start();
        rig.StandIn.AddDbInstance("old-primary", "ap-southeast-2");
        var rds = new AwsRdsProvider(rig.Cli, TimeProvider.System);

        var outcome = await rds.ExecuteAsync(rig.Operation("database.fence", rig.Settings(("instance", "old-primary"), ("region", "ap-southeast-2")), new() { ["method"] = "stop" }), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal("true", outcome.Outputs["fenced"]);
        Assert.Equal(["DescribeDBInstances", "StopDBInstance"], rig.Operations());
    }

    [Fact]
    public async Task Put_SecretAgainstAwsStandIn_StoresValueWithoutItEverReachingArgvOrLog()
    {
        // Given a secret
        await using var rig = AwsRig.Start();
        const string Value = "{\"password\":\"s3cr3t-Pa55-never-in-argv\"}";
        rig.StandIn.AddSecret("axis/db", "old");
        var secrets = new AwsSecretsManagerProvider(rig.Cli);

        // When a new value is put
        var outcome = await secrets.ExecuteAsync(rig.Operation("secret.put", rig.Settings(("secret-id", "axis/db"), ("region", Dr)), new() { ["value"] = Value }), CancellationToken.None);

        // Then the stand-in has it, and neither any argv, the step log nor a leftover temp file does
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(Value, rig.StandIn.SecretValue("axis/db"));
        var argv = string.Join("\n", rig.Profile.RecordedArgv().SelectMany(a => a));
        Assert.Contains("--secret-string", argv, StringComparison.Ordinal);
        Assert.Contains("file://", argv, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", argv, StringComparison.Ordinal);
        Assert.DoesNotContain(rig.Log.Lines, l => l.Contains("s3cr3t", StringComparison.Ordinal));
        Assert.DoesNotContain(Directory.GetFiles(Path.GetTempPath(), "lifeline-aws-*"), f => File.ReadAllText(f).Contains("s3cr3t-Pa55", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_SecretAgainstAwsStandIn_ReportsHashNotValue()
    {
        await using var rig = AwsRig.Start();
        rig.StandIn.AddSecret("axis/db", "value-that-stays-hidden");
        var secrets = new AwsSecretsManagerProvider(rig.Cli);

        var outcome = await secrets.ProbeAsync(rig.Probe("secret.get", rig.Settings(("secret-id", "axis/db"), ("region", Dr))), CancellationToken.None);

        Assert.Equal("true", outcome.Fields["exists"]);
        Assert.Equal(64, outcome.Fields["sha256"].Length);
        Assert.DoesNotContain(outcome.Fields.Values, v => v.Contains("hidden", StringComparison.Ordinal));
        Assert.DoesNotContain(rig.Log.Lines, l => l.Contains("hidden", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scale_EcsServiceAgainstAwsStandIn_UpdatesWaitsStableAndReportsCounts()
    {
        await using var rig = AwsRig.Start();
        rig.StandIn.AddEcsService("cluster-dr", "backend-dr", Dr, desired: 0);
        var ecs = new AwsEcsProvider(rig.Cli, TimeProvider.System);

        var outcome = await ecs.ExecuteAsync(
            rig.Operation("service.scale", rig.Settings(("cluster", "cluster-dr"), ("service", "backend-dr"), ("region", Dr), ("address", "dr-alb.example")), new() { ["count"] = "2" }),
            CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(["UpdateService", "DescribeServices", "DescribeServices", "DescribeServices"], rig.Operations());
        Assert.Equal("2", rig.StandIn.Calls[0].Parameters["desiredCount"]);
        Assert.Equal("2", outcome.Outputs["healthy"]);
        Assert.Equal("dr-alb.example", outcome.Outputs["addresses"]);
        Assert.Contains(rig.Profile.RecordedArgv(), argv => argv.Take(3).SequenceEqual(["ecs", "wait", "services-stable"]));
        Assert.Empty(rig.StandIn.Rejections);
    }

    [Fact]
    public async Task Upsert_CnameAgainstAwsStandIn_ChangesWaitsInSyncAndResolves()
    {
        await using var rig = AwsRig.Start();
        var route53 = new AwsRoute53Provider(rig.Cli);
        var settings = rig.Settings(("hosted-zone-id", "Z1234567890ABC"), ("zone", "axisimaging.com.au"));

        var outcome = await route53.ExecuteAsync(rig.Operation("dns.upsert", settings, new() { ["name"] = "portal", ["content"] = "dr-alb.example.com", ["ttl"] = "60" }), CancellationToken.None);
        var resolved = await route53.ProbeAsync(rig.Probe("dns.resolve", settings, new() { ["name"] = "portal" }), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(["ChangeResourceRecordSets", "GetChange", "GetChange", "TestDNSAnswer"], rig.Operations());
        Assert.Equal(["dr-alb.example.com"], rig.StandIn.Record("portal.axisimaging.com.au", "CNAME"));
        Assert.Equal("NOERROR", resolved.Fields["rcode"]);
        Assert.Equal("dr-alb.example.com", resolved.Fields["answer"]);
        Assert.Empty(rig.StandIn.Rejections);
    }

    [Fact]
    public async Task Send_SnsAgainstAwsStandIn_PublishesSubjectAndMessage()
    {
        await using var rig = AwsRig.Start();
        var sns = new AwsSnsProvider(rig.Cli);
        const string Topic = "arn:aws:sns:ap-southeast-4:000000000000:axis-imaging-dr-alerts";

        var outcome = await sns.ExecuteAsync(
            rig.Operation("notify.send", rig.Settings(("topic-arn", Topic), ("region", Dr)), new() { ["to"] = "on-call", ["subject"] = "DISASTER RECOVERY INITIATED", ["message"] = "DR procedure started.\nReason: test" }),
            CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        var published = Assert.Single(rig.StandIn.Published);
        Assert.Equal((Topic, "DISASTER RECOVERY INITIATED", "DR procedure started.\nReason: test"), published);
    }

    [Fact]
    public async Task Request_UnknownMemberAgainstAwsStandIn_IsRejectedByTheServiceModel()
    {
        // Given a call with a parameter the operation's input shape does not have (the CLI itself would refuse an unknown
        // option, so the raw request is built here)
        await using var rig = AwsRig.Start();
        using var http = new HttpClient();
        using var content = new StringContent("Action=PromoteReadReplica&Version=2014-10-31&DBInstanceIdentifier=x&NoSuchMember=1", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        content.Headers.Add("X-Dummy", "1");
        using var request = new HttpRequestMessage(HttpMethod.Post, rig.StandIn.Endpoint) { Content = content };
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKIA/20261201/us-east-1/rds/aws4_request, SignedHeaders=host, Signature=0");

        // When it is sent
        using var response = await http.SendAsync(request);

        // Then the stand-in refuses it and says why
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains(rig.StandIn.Rejections, r => r.Contains("NoSuchMember: unknown member", StringComparison.Ordinal));
    }
}
