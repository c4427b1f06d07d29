namespace Lifeline.Sandbox.Demo;

/// <summary>One validation: a plan check, or an objective.</summary>
internal sealed record DemoValidation(string Check, string Status, string Detail);
