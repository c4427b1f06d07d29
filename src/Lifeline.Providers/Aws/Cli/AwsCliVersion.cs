namespace Lifeline.Providers.Aws.Cli;

/// <summary>The CLI a run used, as <c>aws --version</c> reports it; <see cref="Error"/> when it is missing or not v2.</summary>
internal sealed record AwsCliVersion(string Binary, string? Version, string? Error)
{
    public bool Usable => Error is null;

    public override string ToString() => Version is null ? Binary : $"{Version} ({Binary})";

    public static AwsCliVersion Parse(string binary, string output)
    {
        var version = output.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(w => w.StartsWith("aws-cli/", StringComparison.Ordinal));
        if (version is null)
        {
            return new AwsCliVersion(binary, null, $"{binary} --version printed no aws-cli version; expected the AWS CLI v2 (Debian package awscli, or set {AwsCliOptions.BinaryVariable})");
        }

        return version.StartsWith("aws-cli/2.", StringComparison.Ordinal)
            ? new AwsCliVersion(binary, version, null)
            : new AwsCliVersion(binary, version, $"{binary} is {version}; Lifeline needs the AWS CLI v2 (Debian package awscli at /usr/bin/aws, or set {AwsCliOptions.BinaryVariable})");
    }
}
