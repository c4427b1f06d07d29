using Lifeline.Core.Diagnostics;

namespace Lifeline.Core.Estates;

/// <summary>
/// How one profile realises a resource: the provider that operates it and that provider's settings.
/// Settings may hold expressions such as <c>${{ secrets.DB_PASSWORD }}</c>; they are resolved at run time.
/// </summary>
public sealed record Binding(string Provider, IReadOnlyDictionary<string, string> Settings, SourceLocation Location);
