namespace Lifeline.Providers.Aws.Cli;

/// <summary>
/// Which AWS CLI to run and what its processes see. <see cref="Binary"/> defaults to <c>LIFELINE_AWS_CLI</c>, then Debian's
/// <c>/usr/bin/aws</c> (v2), then <c>aws</c> on PATH. <see cref="Environment"/> adds to (or, with a null value, removes from)
/// the inherited environment: how a host points the CLI at another config file without touching the user's.
/// </summary>
internal sealed record AwsCliOptions
{
    public const string BinaryVariable = "LIFELINE_AWS_CLI";

    public string? Binary { get; init; }

    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>How long to wait before retrying a throttled or 5xx call; doubled each time.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts per call for throttling and 5xx answers (the CLI's own retries are off, so this is the one place).</summary>
    public int Attempts { get; init; } = 3;

    public string ResolveBinary()
    {
        if (Binary is not null)
        {
            return Binary;
        }

        if (System.Environment.GetEnvironmentVariable(BinaryVariable) is { Length: > 0 } configured)
        {
            return configured;
        }

        // Debian's awscli package is v2; a v1 from pip or pyenv is often first on PATH and is refused at the version check.
        return File.Exists("/usr/bin/aws") ? "/usr/bin/aws" : "aws";
    }
}
