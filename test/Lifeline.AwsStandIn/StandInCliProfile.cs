namespace Lifeline.AwsStandIn;

/// <summary>
/// What the real AWS CLI needs to talk to the stand-in and nothing else: a temporary config and credentials file with
/// dummy keys (never the user's ~/.aws), the environment that points the CLI at them, and a wrapper around Debian's
/// <c>/usr/bin/aws</c> (v2; the pyenv v1 first on PATH is never used) that records each child process's argv.
/// </summary>
public sealed class StandInCliProfile : IDisposable
{
    public const string DebianAwsCli = "/usr/bin/aws";
    public const string DummyAccessKeyId = "AKIASTANDIN000000000";
    public const string DummySecretAccessKey = "standin/dummy/secret/access/key/000000000";

    public StandInCliProfile()
    {
        Directory = Path.Combine(Path.GetTempPath(), "lifeline-aws-standin-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(Directory);
        ConfigFile = Path.Combine(Directory, "config");
        CredentialsFile = Path.Combine(Directory, "credentials");
        ArgvLog = Path.Combine(Directory, "argv.log");
        Wrapper = Path.Combine(Directory, "aws");
        File.WriteAllText(ConfigFile, "[default]\nregion = us-east-1\ncli_pager =\n");
        DataPath = Path.Combine(Directory, "data");
        WriteFastWaiters(DataPath);
        File.WriteAllText(CredentialsFile, $"[default]\naws_access_key_id = {DummyAccessKeyId}\naws_secret_access_key = {DummySecretAccessKey}\n");
        // One record per process: each argument on its own line, then a separator.
        File.WriteAllText(Wrapper, $"#!/bin/sh\n{{ printf '%s\\n' \"$@\"; printf -- '----\\n'; }} >> '{ArgvLog}'\nexec {DebianAwsCli} \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string Directory { get; }

    public string ConfigFile { get; }

    /// <summary>
    /// <c>AWS_DATA_PATH</c>: the CLI's own waiter models with every delay cut to <see cref="WaiterDelaySeconds"/>, so the
    /// stand-in can keep a resource busy for a poll or two (as AWS does) without each waiter sleeping 15-30 s between polls.
    /// </summary>
    public string DataPath { get; }

    public const int WaiterDelaySeconds = 1;

    public string CredentialsFile { get; }

    /// <summary>Every argv the CLI was started with (through <see cref="Wrapper"/>).</summary>
    public string ArgvLog { get; }

    /// <summary>The binary to run: records argv, then execs Debian's AWS CLI v2.</summary>
    public string Wrapper { get; }

    public static bool CliAvailable => File.Exists(DebianAwsCli);

    /// <summary>The child process's environment: the temp files, and none of the caller's AWS settings.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["AWS_CONFIG_FILE"] = ConfigFile,
        ["AWS_SHARED_CREDENTIALS_FILE"] = CredentialsFile,
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["AWS_DATA_PATH"] = DataPath,
        ["AWS_PROFILE"] = null,
        ["AWS_DEFAULT_PROFILE"] = null,
        ["AWS_ACCESS_KEY_ID"] = null,
        ["AWS_SECRET_ACCESS_KEY"] = null,
        ["AWS_SESSION_TOKEN"] = null,
        ["AWS_DEFAULT_REGION"] = null,
        ["AWS_REGION"] = null,
        ["AWS_CA_BUNDLE"] = null,
    };

    public IReadOnlyList<IReadOnlyList<string>> RecordedArgv() => !File.Exists(ArgvLog)
        ? []
        : [.. File.ReadAllText(ArgvLog).Split("----\n", StringSplitOptions.RemoveEmptyEntries).Select(r => (IReadOnlyList<string>)r.TrimEnd('\n').Split('\n'))];

    private static void WriteFastWaiters(string root)
    {
        foreach (var service in (string[])["rds", "ecs", "route53", "ec2", "lambda", "acm", "cloudwatch", "secretsmanager", "backup", "iam"])
        {
            var directory = Path.Combine(ServiceModel.ModelRoot, service);
            var version = System.IO.Directory.Exists(directory)
                ? System.IO.Directory.GetDirectories(directory).Where(d => File.Exists(Path.Combine(d, "waiters-2.json"))).Order(StringComparer.Ordinal).LastOrDefault()
                : null;
            if (version is null)
            {
                continue;
            }

            var waiters = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(version, "waiters-2.json")))!;
            foreach (var (_, waiter) in waiters["waiters"]!.AsObject())
            {
                waiter!["delay"] = WaiterDelaySeconds;
            }

            var target = Path.Combine(root, service, Path.GetFileName(version));
            System.IO.Directory.CreateDirectory(target);
            File.WriteAllText(Path.Combine(target, "waiters-2.json"), waiters.ToJsonString());
        }
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
