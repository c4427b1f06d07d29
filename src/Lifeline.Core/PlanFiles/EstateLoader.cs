using Lifeline.Core.Diagnostics;

namespace Lifeline.Core.PlanFiles;

// STUB: replaced by the feat/planfiles branch.
public static class EstateLoader
{
    public static (LoadedEstate? Estate, IReadOnlyList<Diagnostic> Diagnostics) Load(EstateSources sources, LoadOptions options) => throw new NotImplementedException();
}
