namespace Lifeline.Server.Apis;

/// <summary>Every problem at once, as the CLI prints them (<c>file:line:col: error: …; expected …</c>).</summary>
public sealed record ValidationResult(string Estate, string? Profile, bool Valid, IReadOnlyList<ValidationProblem> Problems);
