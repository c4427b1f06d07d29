using Lifeline.Sandbox.Portal.Modes;

namespace Lifeline.Sandbox.Portal.Meetings;

/// <summary>Where the meeting manager keeps its app config, its recording queue and the bucket it uploads to, and its provider's name.</summary>
internal sealed record MeetingsSettings(string Site, string Provider, string ConfigDirectory, string QueueDirectory, string BucketDirectory)
{
    public static (MeetingsSettings? Value, string? Error) Load(IConfiguration configuration)
    {
        var site = PortalModes.Required(configuration, "PORTAL_SITE", out var e1);
        var provider = PortalModes.Required(configuration, "PORTAL_PROVIDER_NAME", out var e2);
        var config = PortalModes.Required(configuration, "PORTAL_CONFIG_DIR", out var e3);
        var queue = PortalModes.Required(configuration, "PORTAL_QUEUE_DIR", out var e4);
        var bucket = PortalModes.Required(configuration, "PORTAL_BUCKET_DIR", out var e5);
        return (e1 ?? e2 ?? e3 ?? e4 ?? e5) is { } error ? (null, error) : (new MeetingsSettings(site!, provider!, config!, queue!, bucket!), null);
    }
}
