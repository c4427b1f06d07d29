namespace Lifeline.Server.Apis;

public sealed record ValidationProblem(string Severity, string File, int Line, int Column, string Message, string? Expected, string Text);
