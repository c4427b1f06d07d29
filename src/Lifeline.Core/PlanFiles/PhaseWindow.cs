using Lifeline.Core.Time;

namespace Lifeline.Core.PlanFiles;

/// <summary>A runbook window such as <c>30m..120m</c>: minutes after the run starts.</summary>
internal static class PhaseWindow
{
    public const string Expected = "START..END with durations, END after START, e.g. 30m..120m";

    public static bool TryParse(string text, out TimeSpan start, out TimeSpan end)
    {
        start = end = TimeSpan.Zero;
        var parts = text.Split("..", StringSplitOptions.TrimEntries);
        return parts.Length == 2
            && DurationText.TryParse(parts[0], out start)
            && DurationText.TryParse(parts[1], out end)
            && end > start;
    }
}
