namespace Lifeline.Engine.Scheduling;

/// <summary>
/// An extra notification channel for one run (a drill's observers, a test's SMTP server): every notify step also
/// sends through it. Not stored with the run, so a resumed run sends only through the estate's channels.
/// </summary>
public sealed record ChannelOverride(string Provider, IReadOnlyDictionary<string, string> Settings);
