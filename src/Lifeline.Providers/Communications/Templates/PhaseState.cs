namespace Lifeline.Providers.Communications.Templates;

/// <summary>Where a phase is, as a status message tells it.</summary>
public enum PhaseState
{
    Pending,
    Running,
    Done,
}
