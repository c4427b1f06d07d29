namespace Lifeline.Engine.Incidents.Escalation;

/// <summary>What one tick did with one notice: delivered and recorded as timeline entry <see cref="Entry"/>, or failed (tried again next tick).</summary>
public sealed record NoticeResult(string IncidentId, NoticeKind Kind, string Key, IReadOnlyList<string> To, bool Delivered, string Via, string? Error, long? Entry);
