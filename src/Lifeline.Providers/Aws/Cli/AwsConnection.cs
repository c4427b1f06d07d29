namespace Lifeline.Providers.Aws.Cli;

/// <summary>
/// Where and as whom a binding's calls go: its region (the binding's <c>region</c>, else its site's), a named profile or the
/// default credential chain, an optional endpoint (a VPC endpoint, an S3-compatible service, or a stand-in in tests), and
/// optionally an access key from the binding (secret references), which reaches the CLI process as its
/// <c>AWS_ACCESS_KEY_ID</c> and <c>AWS_SECRET_ACCESS_KEY</c> environment variables only: never an argument, never logged.
/// </summary>
internal sealed record AwsConnection(string? Region, string? Profile, string? EndpointUrl)
{
    public const string RegionSetting = "region";
    public const string ProfileSetting = "profile";
    public const string EndpointSetting = "endpoint-url";
    public const string AccessKeyIdSetting = "access-key-id";
    public const string SecretAccessKeySetting = "secret-access-key";

    /// <summary>The settings every aws-* binding accepts in addition to its own.</summary>
    public static readonly IReadOnlyList<Core.Providers.SettingDescriptor> Settings =
    [
        Core.Providers.SettingDescriptor.Optional(RegionSetting, "AWS region (default: the region of the resource's site)."),
        Core.Providers.SettingDescriptor.Optional(ProfileSetting, "AWS CLI named profile (default: the default credential chain)."),
        Core.Providers.SettingDescriptor.Optional(EndpointSetting, "Endpoint URL, for VPC endpoints, S3-compatible services and tests."),
        Core.Providers.SettingDescriptor.Optional(AccessKeyIdSetting, "Access key id for an endpoint outside the credential chain (usually ${{ secrets.X }}); needs secret-access-key. Passed to the CLI in its environment only."),
        Core.Providers.SettingDescriptor.Optional(SecretAccessKeySetting, "Secret access key that goes with access-key-id (usually ${{ secrets.X }}). Passed to the CLI in its environment only."),
    ];

    /// <summary>The binding's access key id; with <see cref="SecretAccessKey"/>, it replaces the credential chain.</summary>
    public string? AccessKeyId { get; init; }

    public string? SecretAccessKey { get; init; }

    public static AwsConnection From(IReadOnlyDictionary<string, string> settings, string? siteRegion = null) => new(
        NonEmpty(settings, RegionSetting) ?? siteRegion,
        NonEmpty(settings, ProfileSetting),
        NonEmpty(settings, EndpointSetting))
    {
        AccessKeyId = NonEmpty(settings, AccessKeyIdSetting),
        SecretAccessKey = NonEmpty(settings, SecretAccessKeySetting),
    };

    /// <summary>What is wrong with the binding's access key: one half of it without the other.</summary>
    public string? KeyError => (AccessKeyId is null) == (SecretAccessKey is null)
        ? null
        : $"settings '{AccessKeyIdSetting}' and '{SecretAccessKeySetting}' go together; the binding sets only '{(AccessKeyId is null ? SecretAccessKeySetting : AccessKeyIdSetting)}'";

    /// <summary>The CLI process's credential variables: the binding's key, with any inherited session token dropped.</summary>
    public IEnumerable<KeyValuePair<string, string?>> CredentialVariables()
    {
        if (AccessKeyId is null || SecretAccessKey is null)
        {
            yield break;
        }

        yield return new("AWS_ACCESS_KEY_ID", AccessKeyId);
        yield return new("AWS_SECRET_ACCESS_KEY", SecretAccessKey);
        yield return new("AWS_SESSION_TOKEN", null);
    }

    public IEnumerable<string> Arguments()
    {
        if (Region is not null)
        {
            yield return "--region";
            yield return Region;
        }

        if (Profile is not null)
        {
            yield return "--profile";
            yield return Profile;
        }

        if (EndpointUrl is not null)
        {
            yield return "--endpoint-url";
            yield return EndpointUrl;
        }
    }

    private static string? NonEmpty(IReadOnlyDictionary<string, string> settings, string key) =>
        settings.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
