namespace Lifeline.Core.PlanFiles;

/// <summary>
/// <c>lifeline validate DIR/plans/x.yaml</c> checks that one plan inside its estate: the estate file and that plan,
/// not its siblings (a half-written sibling should not fail the plan someone is working on).
/// </summary>
public static class PlanScope
{
    public static EstateSources Narrow(EstateSources sources, string path)
    {
        if (!File.Exists(path) || Path.GetFileName(path) == EstateSources.EstateFileName)
        {
            return sources;
        }

        var plan = Path.GetFullPath(path);
        var kept = sources.Files
            .Where(f => f.Key == sources.EstateFile || Path.GetFullPath(f.Key) == plan)
            .ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        return sources with { Files = kept, Narrowed = true };
    }
}
