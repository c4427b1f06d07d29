namespace Lifeline.Engine.Incidents.Escalation;

/// <summary>Whether a notice was delivered, through what (<see cref="Via"/>), and if not, why.</summary>
public sealed record NoticeOutcome(bool Delivered, string Via, string? Error)
{
    public static NoticeOutcome Sent(string via) => new(true, via, null);

    public static NoticeOutcome Failed(string via, string error) => new(false, via, error);
}
