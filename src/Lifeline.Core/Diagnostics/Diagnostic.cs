namespace Lifeline.Core.Diagnostics;

/// <summary>
/// One problem with a plan or estate, worded for the person who must fix it:
/// <c>file:line:col: error: what is wrong; expected what</c>.
/// </summary>
public sealed record Diagnostic(SourceLocation Location, DiagnosticSeverity Severity, string Message, string? Expected = null)
{
    /// <summary>What is wrong, with any long quoted value cut to an excerpt.</summary>
    public string Message { get; init; } = Excerpt.Clip(Message);

    /// <summary>What was expected, cut like <see cref="Message"/>.</summary>
    public string? Expected { get; init; } = Expected is null ? null : Excerpt.Clip(Expected);

    public static Diagnostic Error(SourceLocation location, string message, string? expected = null) =>
        new(location, DiagnosticSeverity.Error, message, expected);

    public static Diagnostic Warning(SourceLocation location, string message, string? expected = null) =>
        new(location, DiagnosticSeverity.Warning, message, expected);

    public bool IsError => Severity == DiagnosticSeverity.Error;

    public override string ToString()
    {
        var severity = Severity == DiagnosticSeverity.Error ? "error" : "warning";
        var expected = Expected is null ? "" : $"; expected {Expected}";
        return $"{Location}: {severity}: {Message}{expected}";
    }
}
