using System.Globalization;

namespace Lifeline.Providers.ObjectStores;

/// <summary>
/// <c>object.list</c>'s recovery point outputs, the same for every object store: when the newest object was written, and
/// how much older it is than the moment the data's source was lost (<c>lost-at</c>; the check's own time when empty, which
/// can only overstate the loss).
/// </summary>
internal static class FileRecoveryPoint
{
    public const string LostAtInput = "lost-at";

    /// <summary>The reference time, or the error for a <c>lost-at</c> that is not a time.</summary>
    public static (DateTimeOffset? At, string? Error) LostAt(IReadOnlyDictionary<string, string> inputs, DateTimeOffset now)
    {
        if (inputs.GetValueOrDefault(LostAtInput) is not { Length: > 0 } text)
        {
            return (now, null);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? (at, null)
            : (null, $"input '{LostAtInput}' is '{text}'; expected an ISO 8601 time such as 2026-12-01T22:50:00Z");
    }

    public static void Add(IDictionary<string, string> outputs, DateTimeOffset? newest, DateTimeOffset lostAt)
    {
        outputs["newest_at"] = newest is { } at ? at.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) : "";
        outputs["rpo_files_s"] = newest is { } n ? Math.Max(0, (lostAt - n).TotalSeconds).ToString("0.###", CultureInfo.InvariantCulture) : "";
    }

    /// <summary>The outputs of a store that could not be listed.</summary>
    public static Dictionary<string, string> Unreachable() => new()
    {
        ["reachable"] = "false", ["count"] = "0", ["truncated"] = "false", ["newest_key"] = "", ["newest_age_s"] = "", ["newest_at"] = "", ["rpo_files_s"] = "",
    };
}
