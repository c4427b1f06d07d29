namespace Lifeline.Sandbox.Portal.Functions;

/// <summary>What an invocation answers: the function's site, the upstream region it used, and the upstream's output.</summary>
internal sealed record FunctionAnswer(string Status, string Site, string Region, string Output);
