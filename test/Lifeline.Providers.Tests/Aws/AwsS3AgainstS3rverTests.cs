using System.Diagnostics;
using System.Globalization;
using Lifeline.Providers.Aws.S3;

namespace Lifeline.Providers.Tests.Aws;

/// <summary>
/// The aws-s3 provider through Debian's AWS CLI v2 against a real S3-compatible server (s3rver), reached with
/// endpoint-url and the binding's own access key. s3rver checks a signature version 4 request's key id, not its signature,
/// so a wrong key id is what it refuses.
/// </summary>
public sealed class AwsS3AgainstS3rverTests
{
    [Fact]
    public async Task ObjectOperations_EndpointAndBindingKey_WorkAndTheSecretIsOnNoCommandLineOrOutput()
    {
        // Given two S3-compatible stores (two regions of one account), the first holding two uploads replicated under file-uploads/
        await using var store = await S3rverStore.StartAsync("uploads,backups");
        await using var other = await S3rverStore.StartAsync("uploads", sameKeyAs: store);
        await using var rig = AwsRig.Start();
        await SeedAsync(store, "backups", "file-uploads/", "a.txt", "b.txt");
        var s3 = new AwsS3Provider(rig.Cli, TimeProvider.System);
        var backups = Binding(store, ("bucket", "backups"), ("prefix", "file-uploads/"));
        var uploads = Binding(store, ("bucket", "uploads"));
        var otherUploads = Binding(other, ("bucket", "uploads"), ("source-endpoint-url", store.Endpoint));
        var lostAt = TimeProvider.System.GetUtcNow().AddSeconds(30);

        // When the replicated uploads are listed against a moment of loss, restored into the uploads bucket, then synced
        // into the other store's bucket; and listed once with a wrong key id and once with half a key
        var list = await s3.ProbeAsync(rig.Probe("object.list", backups, new() { ["lost-at"] = lostAt.ToString("O", CultureInfo.InvariantCulture) }), CancellationToken.None);
        var restore = await s3.ExecuteAsync(rig.Operation("object.sync", uploads, new() { ["source"] = "s3://backups/file-uploads/" }), CancellationToken.None);
        var across = await s3.ExecuteAsync(rig.Operation("object.sync", otherUploads, new() { ["source"] = "s3://uploads/" }), CancellationToken.None);
        var wrongKey = Binding(store, ("bucket", "uploads"));
        wrongKey["access-key-id"] = "AKIAWRONGWRONGWRONG0";
        var refused = await s3.ProbeAsync(rig.Probe("object.list", wrongKey), CancellationToken.None);
        var half = Binding(store, ("bucket", "uploads"));
        half.Remove("secret-access-key");
        var halfKey = await s3.ProbeAsync(rig.Probe("object.list", half), CancellationToken.None);

        // Then the endpoint and the binding's key reach the server
        Assert.True(list.Error is null, list.Error + "\n" + string.Join("\n", rig.Log.Lines));
        Assert.Equal("true", list.Fields["reachable"]);
        Assert.Equal("2", list.Fields["count"]);
        var rpo = double.Parse(list.Fields["rpo_files_s"], CultureInfo.InvariantCulture);
        Assert.InRange(rpo, 25, 45);
        Assert.True(restore.Succeeded, restore.Error);
        Assert.Equal("2", restore.Outputs["copied"]);
        Assert.True(across.Succeeded, across.Error);
        Assert.Equal("2", across.Outputs["copied"]);
        Assert.Contains("InvalidAccessKeyId", refused.Error, StringComparison.Ordinal);
        Assert.Contains("go together", halfKey.Error, StringComparison.Ordinal);

        // And the secret is on no command line, in no step log line and in no outcome
        var argv = rig.Profile.RecordedArgv();
        Assert.Contains(argv, a => a.Contains("--endpoint-url") && a.Contains(store.Endpoint));
        var secret = store.SecretAccessKey;
        Assert.DoesNotContain(argv.SelectMany(a => a), word => word.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(rig.Log.Lines, line => line.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(list.Fields.Values.Concat(restore.Outputs.Values).Concat(across.Outputs.Values), value => value.Contains(secret, StringComparison.Ordinal));
    }

    private static Dictionary<string, string> Binding(S3rverStore store, params (string Key, string Value)[] settings)
    {
        var all = settings.ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        all["endpoint-url"] = store.Endpoint;
        all["access-key-id"] = store.AccessKeyId;
        all["secret-access-key"] = store.SecretAccessKey;
        return all;
    }

    /// <summary>Seeds objects with the CLI itself (one s3 sync), keyed by its environment as a person's shell would be.</summary>
    private static async Task SeedAsync(S3rverStore store, string bucket, string prefix, params string[] keys)
    {
        var directory = Directory.CreateTempSubdirectory("lifeline-s3-seed-").FullName;
        foreach (var key in keys)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, key), "upload " + key);
        }

        var start = new ProcessStartInfo("/usr/bin/aws") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var word in (string[])["--endpoint-url", store.Endpoint, "--region", "us-east-1", "s3", "sync", "--no-progress", directory, $"s3://{bucket}/{prefix}"])
        {
            start.ArgumentList.Add(word);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = store.AccessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = store.SecretAccessKey;
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Directory.Delete(directory, recursive: true);
        Assert.True(process.ExitCode == 0, $"aws s3 sync failed: {await error}");
    }
}
