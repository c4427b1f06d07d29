using Lifeline.Core.Providers;

namespace Lifeline.Core.PlanFiles;

/// <summary>
/// How to load: the profile whose bindings must be complete (null checks every declared profile), the run's
/// <c>--input</c> values, and the providers steps and bindings may name.
/// </summary>
public sealed record LoadOptions(string? Profile, IReadOnlyDictionary<string, string> Inputs, IProviderCatalog Catalog);
