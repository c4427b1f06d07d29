namespace Lifeline.Providers.Communications.Templates;

/// <summary>What the caller knows of one phase when it builds a <see cref="MessageModel"/>.</summary>
/// <param name="Name">The phase's name.</param>
/// <param name="State">Where the phase is.</param>
/// <param name="Budget">How long the phase is allowed to take.</param>
public sealed record PhaseProgress(string Name, PhaseState State, TimeSpan Budget);
