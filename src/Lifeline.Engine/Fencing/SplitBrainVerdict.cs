namespace Lifeline.Engine.Fencing;

/// <summary>What the watchdog does about the writable members it sees: fence these, or (when no member is known to be legitimate) ask a person.</summary>
internal sealed record SplitBrainVerdict(IReadOnlyList<string> Fence, bool Unclear)
{
    public static readonly SplitBrainVerdict None = new([], false);

    /// <summary>
    /// Every writable member but the legitimate one is fenced; the legitimate one never is. When the legitimate member is
    /// unknown or not among the writable ones, nothing is fenced: fencing could stop the only good primary.
    /// </summary>
    public static SplitBrainVerdict Decide(IReadOnlyList<string> writable, string? legitimate)
    {
        if (writable.Count < 2)
        {
            return None;
        }

        return legitimate is null || !writable.Contains(legitimate, StringComparer.Ordinal)
            ? new SplitBrainVerdict([], true)
            : new SplitBrainVerdict([.. writable.Where(w => !string.Equals(w, legitimate, StringComparison.Ordinal))], false);
    }
}
