using Lifeline.Core.Diagnostics;

namespace Lifeline.Core.PlanFiles;

// STUB: replaced by the feat/planfiles branch.
public sealed record EstateSources(string Root, string EstateFile, IReadOnlyDictionary<string, string> Files)
{
    public static (EstateSources? Sources, IReadOnlyList<Diagnostic> Diagnostics) Read(string path) => throw new NotImplementedException();
}
