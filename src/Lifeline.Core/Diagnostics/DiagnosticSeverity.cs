namespace Lifeline.Core.Diagnostics;

public enum DiagnosticSeverity
{
    Error,
    Warning,
}
