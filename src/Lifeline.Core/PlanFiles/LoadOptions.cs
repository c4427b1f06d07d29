using Lifeline.Core.Providers;

namespace Lifeline.Core.PlanFiles;

// STUB: replaced by the feat/planfiles branch.
public sealed record LoadOptions(string? Profile, IReadOnlyDictionary<string, string> Inputs, IProviderCatalog Catalog);
