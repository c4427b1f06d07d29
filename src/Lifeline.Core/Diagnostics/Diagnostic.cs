namespace Lifeline.Core.Diagnostics;

/// <summary>
/// One problem with a plan or estate, worded for the person who must fix it:
/// <c>file:line:col: error: what is wrong; expected what</c>.
/// </summary>
public sealed record Diagnostic(SourceLocation Location, DiagnosticSeverity Severity, string Message, string? Expected = null)
{
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
