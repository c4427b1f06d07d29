namespace Lifeline.Providers.Aws.Cli;

/// <summary>
/// Where and as whom a binding's calls go: its region (the binding's <c>region</c>, else its site's), a named profile or the
/// default credential chain, and an optional endpoint (a VPC endpoint, or a stand-in in tests).
/// </summary>
internal sealed record AwsConnection(string? Region, string? Profile, string? EndpointUrl)
{
    public const string RegionSetting = "region";
    public const string ProfileSetting = "profile";
    public const string EndpointSetting = "endpoint-url";

    /// <summary>The settings every aws-* binding accepts in addition to its own.</summary>
    public static readonly IReadOnlyList<Core.Providers.SettingDescriptor> Settings =
    [
        Core.Providers.SettingDescriptor.Optional(RegionSetting, "AWS region (default: the region of the resource's site)."),
        Core.Providers.SettingDescriptor.Optional(ProfileSetting, "AWS CLI named profile (default: the default credential chain)."),
        Core.Providers.SettingDescriptor.Optional(EndpointSetting, "Endpoint URL, for VPC endpoints and tests."),
    ];

    public static AwsConnection From(IReadOnlyDictionary<string, string> settings, string? siteRegion = null) => new(
        NonEmpty(settings, RegionSetting) ?? siteRegion,
        NonEmpty(settings, ProfileSetting),
        NonEmpty(settings, EndpointSetting));

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
