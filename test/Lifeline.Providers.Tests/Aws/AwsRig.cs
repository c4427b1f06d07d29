using Lifeline.AwsStandIn;
using Lifeline.Core.Providers;
using Lifeline.Providers.Aws.Cli;

namespace Lifeline.Providers.Tests.Aws;

/// <summary>
/// The real AWS CLI v2 (Debian's /usr/bin/aws, through an argv-recording wrapper) against the AWS stand-in on loopback,
/// with dummy credentials in a temporary config: what every "AgainstAwsStandIn" test runs on.
/// </summary>
internal sealed class AwsRig : IAsyncDisposable
{
    private AwsRig(AwsStandIn.AwsStandIn standIn, StandInCliProfile profile)
    {
        StandIn = standIn;
        Profile = profile;
        Cli = new AwsCli(new AwsCliOptions { Binary = profile.Wrapper, Environment = profile.Environment, RetryDelay = TimeSpan.FromMilliseconds(50) }, TimeProvider.System);
    }

    public AwsStandIn.AwsStandIn StandIn { get; }

    public StandInCliProfile Profile { get; }

    public AwsCli Cli { get; }

    public RecordingStepLog Log { get; } = new();

    public static AwsRig Start()
    {
        Assert.True(StandInCliProfile.CliAvailable, "the AWS CLI v2 is missing: apt-get install awscli (test.sh installs it)");
        return new AwsRig(AwsStandIn.AwsStandIn.Start(), new StandInCliProfile());
    }

    public Dictionary<string, string> Settings(params (string Key, string Value)[] settings)
    {
        var all = settings.ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        all["endpoint-url"] = StandIn.Endpoint;
        return all;
    }

    public OperationRequest Operation(string operation, Dictionary<string, string> settings, Dictionary<string, string>? inputs = null) =>
        new(operation, "target", settings, inputs ?? [], RecordingStepLog.Context(Log));

    public ProbeRequest Probe(string probe, Dictionary<string, string> settings, Dictionary<string, string>? inputs = null) =>
        new(probe, "target", settings, inputs ?? [], RecordingStepLog.Context(Log));

    public IReadOnlyList<string> Operations() => [.. StandIn.Calls.Select(c => c.Operation)];

    public async ValueTask DisposeAsync()
    {
        await StandIn.DisposeAsync();
        Profile.Dispose();
    }
}
