using System.Globalization;

namespace Lifeline.Providers.ObjectStores;

/// <summary>
/// <c>object.list</c>'s recovery point outputs, the same for every object store: when the newest object was written, and,
/// for a step that asks with <c>lost-at</c>, how much older it is than the moment the data's source was lost (the check's
/// own time when <c>lost-at</c> is empty, which can only overstate the loss). A step that does not ask (a backup listing)
/// measures no file recovery point.
/// </summary>
internal static class FileRecoveryPoint
{
    public const string LostAtInput = "lost-at";

    /// <summary>The reference time (null when the step does not ask), or the error for a <c>lost-at</c> that is not a time.</summary>
    public static (DateTimeOffset? At, string? Error) LostAt(IReadOnlyDictionary<string, string> inputs, DateTimeOffset now)
    {
        if (!inputs.TryGetValue(LostAtInput, out var text))
        {
            return (null, null);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return (now, null);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? (at, null)
            : (null, $"input '{LostAtInput}' is '{text}'; expected an ISO 8601 time such as 2026-12-01T22:50:00Z");
    }

    public static void Add(IDictionary<string, string> outputs, DateTimeOffset? newest, DateTimeOffset? lostAt)
    {
        outputs["newest_at"] = newest is { } at ? at.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) : "";
        outputs["rpo_files_s"] = newest is { } n && lostAt is { } lost ? Math.Max(0, (lost - n).TotalSeconds).ToString("0.###", CultureInfo.InvariantCulture) : "";
    }

    /// <summary>The outputs of a store that could not be listed.</summary>
    public static Dictionary<string, string> Unreachable() => new()
    {
        ["reachable"] = "false", ["count"] = "0", ["truncated"] = "false", ["newest_key"] = "", ["newest_age_s"] = "", ["newest_at"] = "", ["rpo_files_s"] = "",
    };
}
