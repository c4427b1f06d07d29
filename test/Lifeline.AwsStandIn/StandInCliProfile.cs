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
