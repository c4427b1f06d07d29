using Lifeline.Sandbox.Portal.Modes;

namespace Lifeline.Sandbox.Portal.Meetings;

/// <summary>
/// The meeting manager's configuration, read once at start as a function's environment is: its media provider's name,
/// which provider new calls use (the variable PORTAL_PROVIDER_VARIABLE names; another value than the media provider's
/// name is the fallback provider), whether recordings are queued (the variable PORTAL_RECORDINGS_VARIABLE names, value
/// <c>queue</c>), the queue and bucket directories, and the file the in-app messages arrive in.
/// </summary>
internal sealed record MeetingsSettings(string Site, string MediaProvider, string Provider, bool QueueRecordings, string QueueDirectory, string BucketDirectory, string? NoticeFile)
{
    public const string QueueMode = "queue";

    public bool Fallback => Provider != MediaProvider;

    public static (MeetingsSettings? Value, string? Error) Load(IConfiguration configuration)
    {
        var site = PortalModes.Required(configuration, "PORTAL_SITE", out var e1);
        var media = PortalModes.Required(configuration, "PORTAL_PROVIDER_NAME", out var e2);
        var queue = PortalModes.Required(configuration, "PORTAL_QUEUE_DIR", out var e3);
        var bucket = PortalModes.Required(configuration, "PORTAL_BUCKET_DIR", out var e4);
        if ((e1 ?? e2 ?? e3 ?? e4) is { } error)
        {
            return (null, error);
        }

        var provider = Variable(configuration, "PORTAL_PROVIDER_VARIABLE") ?? media!;
        var recordings = Variable(configuration, "PORTAL_RECORDINGS_VARIABLE");
        var notices = configuration["PORTAL_NOTICE_FILE"];
        return (new MeetingsSettings(site!, media!, provider, recordings == QueueMode, queue!, bucket!, string.IsNullOrWhiteSpace(notices) ? null : notices), null);
    }

    /// <summary>The value of the variable another variable names; null when either is unset.</summary>
    private static string? Variable(IConfiguration configuration, string pointer) =>
        configuration[pointer] is { Length: > 0 } name && configuration[name] is { Length: > 0 } value ? value : null;
}
