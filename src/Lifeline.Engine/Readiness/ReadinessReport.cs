namespace Lifeline.Engine.Readiness;

/// <summary>Readiness of one estate in one profile at one moment. Ready when no item failed; not-checked items are gaps, not failures.</summary>
public sealed record ReadinessReport(string Estate, string Profile, DateTimeOffset At, IReadOnlyList<ReadinessItem> Items)
{
    public bool Ready => Items.All(i => i.Status != ReadinessStatus.Fail);

    public ReadinessItem? Find(ReadinessItemKind kind) => Items.FirstOrDefault(i => i.Kind == kind);
}
