namespace Lifeline.Engine.Readiness;

/// <summary>
/// One line of the pre-disaster checklist: what was checked, the verdict, the evidence that names the cause (never a
/// secret's value), and when it was checked.
/// </summary>
public sealed record ReadinessItem(ReadinessItemKind Kind, string Name, ReadinessStatus Status, string Evidence, DateTimeOffset CheckedAt);
