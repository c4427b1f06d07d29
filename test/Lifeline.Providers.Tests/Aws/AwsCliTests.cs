using Lifeline.AwsStandIn;
using Lifeline.Providers.Aws.Cli;

namespace Lifeline.Providers.Tests.Aws;

public sealed class AwsCliTests
{
    [Fact]
    public async Task Version_DebianCli_IsV2()
    {
        await using var rig = AwsRig.Start();

        var version = await rig.Cli.VersionAsync(CancellationToken.None);

        Assert.True(version.Usable, version.Error);
        Assert.StartsWith("aws-cli/2.", version.Version, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_CliV1_IsRefusedWithWhatToInstall()
    {
        // Given a binary that reports a v1 CLI (as the pyenv aws on PATH does)
        using var profile = new StandInCliProfile();
        var fake = Path.Combine(profile.Directory, "aws-v1");
        await File.WriteAllTextAsync(fake, "#!/bin/sh\necho 'aws-cli/1.45.11 Python/3.11.7 Linux/6 botocore/1.43.11' >&2\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var cli = new AwsCli(new AwsCliOptions { Binary = fake }, TimeProvider.System);

        // When a call is made
        var result = await cli.RunAsync(AwsCommand.Call("sns", "publish"), new AwsConnection("us-east-1", null, null), new RecordingStepLog(), CancellationToken.None);

        // Then it fails before running anything, saying which version and what is needed
        Assert.False(result.Succeeded);
        Assert.Contains("aws-cli/1.45.11", result.Error, StringComparison.Ordinal);
        Assert.Contains("v2", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prepare_ThenTwoCalls_ChecksTheVersionOnceBeforeTheFirstCall()
    {
        // Given a CLI stand-in (a shell script, not the real CLI: it records each invocation's arguments) that reports v2
        using var profile = new StandInCliProfile();
        var calls = Path.Combine(profile.Directory, "calls");
        var fake = Path.Combine(profile.Directory, "aws-recording");
        await File.WriteAllTextAsync(fake, $"#!/bin/sh\necho \"$*\" >> '{calls}'\n[ \"$1\" = --version ] && echo 'aws-cli/2.9.19 Python/3.11.2 Linux/6 source/x86_64.debian.12' || echo '{{}}'\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var cli = new AwsCli(new AwsCliOptions { Binary = fake }, TimeProvider.System);

        // When a run prepares it and two steps then call it
        await cli.PrepareAsync(CancellationToken.None);
        var preparedCalls = await File.ReadAllLinesAsync(calls);
        var first = await cli.RunAsync(AwsCommand.Call("sns", "list-topics"), new AwsConnection("us-east-1", null, null), new RecordingStepLog(), CancellationToken.None);
        var second = await cli.RunAsync(AwsCommand.Call("sns", "list-topics"), new AwsConnection("us-east-1", null, null), new RecordingStepLog(), CancellationToken.None);

        // Then the version was checked by the preparation, and only then
        Assert.True(first.Succeeded && second.Succeeded, first.Error ?? second.Error);
        Assert.Equal(["--version"], preparedCalls);
        Assert.Equal(1, (await File.ReadAllLinesAsync(calls)).Count(l => l == "--version"));
        Assert.Equal(3, (await File.ReadAllLinesAsync(calls)).Length);
    }

    [Theory]
    [InlineData("\nAn error occurred (Throttling) when calling the PromoteReadReplica operation (reached max retries: 0): Rate exceeded\n", "Throttling", true)]
    [InlineData("An error occurred (ThrottlingException) when calling the UpdateService operation: Rate exceeded", "ThrottlingException", true)]
    [InlineData("An error occurred (RequestLimitExceeded) when calling the X operation: slow down", "RequestLimitExceeded", true)]
    [InlineData("An error occurred (TooManyRequestsException) when calling the X operation: slow down", "TooManyRequestsException", true)]
    [InlineData("An error occurred (InternalFailure) when calling the X operation: boom", "InternalFailure", true)]
    [InlineData("An error occurred (503) when calling the X operation: Service Unavailable", "503", true)]
    [InlineData("\nCould not connect to the endpoint URL: \"http://127.0.0.1:1/\"\n", "ConnectionFailure", true)]
    [InlineData("An error occurred (AccessDenied) when calling the PromoteReadReplica operation: not authorized", "AccessDenied", false)]
    [InlineData("An error occurred (AccessDeniedException) when calling the PutSecretValue operation: not authorized", "AccessDeniedException", false)]
    [InlineData("Waiter DBInstanceAvailable failed: Max attempts exceeded", "WaiterTimedOut", true)]
    [InlineData("Waiter DBInstanceAvailable failed: Waiter encountered a terminal failure state: For expression \"x\" we matched expected path: \"failed\"", "WaiterFailed", false)]
    public void Classify_CliStderr_NamesCodeAndTransience(string stderr, string code, bool transient)
    {
        var error = AwsError.Classify("rds promote-read-replica", 254, stderr);

        Assert.Equal(code, error.Code);
        Assert.Equal(transient, error.IsTransient);
        Assert.Contains(code == "WaiterTimedOut" || code == "WaiterFailed" ? "waiter" : code, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Preview_SecretArgument_IsMaskedAndCommandIsComplete()
    {
        var command = AwsCommand.Call("secretsmanager", "put-secret-value", AwsArgument.Option("--secret-id", "db/prod"), AwsArgument.Secret("--secret-string", "hunter2"));

        var preview = command.Preview(new AwsConnection("ap-southeast-4", "dr", "https://vpce.example"));

        Assert.Equal("aws secretsmanager put-secret-value --secret-id db/prod --secret-string '***' --region ap-southeast-4 --profile dr --endpoint-url https://vpce.example --output json", preview);
    }
}
