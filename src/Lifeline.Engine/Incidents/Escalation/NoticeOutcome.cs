namespace Lifeline.Engine.Incidents.Escalation;

/// <summary>Whether a notice was delivered, through what (<see cref="Via"/>), and if not, why.</summary>
public sealed record NoticeOutcome(bool Delivered, string Via, string? Error)
{
    /// <summary>What the extra channels did with the notice; their failures never fail it.</summary>
    public IReadOnlyList<NoticeOutcome> Also { get; init; } = [];

    public static NoticeOutcome Sent(string via) => new(true, via, null);

    public static NoticeOutcome Failed(string via, string error) => new(false, via, error);
}
