using Lifeline.Core.Estates;
using Lifeline.Core.Providers;

namespace Lifeline.Engine.Steps;

/// <summary>
/// Settings a binding inherits from its resource's site: a provider that takes a <c>region</c> setting (the aws-* family)
/// gets the site's region unless the binding names one.
/// </summary>
internal static class SiteSettings
{
    public const string Region = "region";

    public static IReadOnlyDictionary<string, string> WithSiteDefaults(Estate estate, Resource? resource, Binding binding, ProviderDescriptor? provider)
    {
        if (resource is null || provider is null || !provider.Settings.Any(s => s.Name == Region) || binding.Settings.ContainsKey(Region)
            || estate.FindSite(resource.Site)?.Region is not { Length: > 0 } region)
        {
            return binding.Settings;
        }

        return new Dictionary<string, string>(binding.Settings, StringComparer.Ordinal) { [Region] = region };
    }
}
