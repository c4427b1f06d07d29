namespace Lifeline.Core.Diagnostics;

/// <summary>Collects every problem so a user sees all of them at once, in file order.</summary>
public sealed class DiagnosticList
{
    private readonly List<Diagnostic> _items = [];

    public bool HasErrors => _items.Exists(d => d.IsError);

    public IReadOnlyList<Diagnostic> Items => _items;

    public void Add(Diagnostic diagnostic) => _items.Add(diagnostic);

    public void Error(SourceLocation location, string message, string? expected = null) =>
        _items.Add(Diagnostic.Error(location, message, expected));

    public void Warning(SourceLocation location, string message, string? expected = null) =>
        _items.Add(Diagnostic.Warning(location, message, expected));

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);

    public IReadOnlyList<Diagnostic> Sorted() =>
        [.. _items.Distinct()
            .OrderBy(d => d.Location.File, StringComparer.Ordinal)
            .ThenBy(d => d.Location.Line)
            .ThenBy(d => d.Location.Column)];
}
