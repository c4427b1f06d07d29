namespace Lifeline.Providers.ProcessService;

/// <summary>What setting one environment variable did: its value before (null when unset), whether it changed, the new revision.</summary>
internal sealed record VariableChange(string? Previous, bool Changed, int Revision, int Restarted);
