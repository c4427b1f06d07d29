namespace Lifeline.Core.Estates;

/// <summary>Where a scheduled drill runs: an isolated sandbox (the default), or production as a game day behind an approval.</summary>
public enum CalendarMode
{
    Sandbox,
    GameDay,
}
