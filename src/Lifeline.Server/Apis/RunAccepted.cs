namespace Lifeline.Server.Apis;

/// <summary>A run started or resumed in the background: follow it at <see cref="Events"/>.</summary>
public sealed record RunAccepted(string RunId, string Report, string Events);
