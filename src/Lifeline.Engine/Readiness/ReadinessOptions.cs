namespace Lifeline.Engine.Readiness;

/// <summary>
/// Limits of the checklist. Defaults follow the Axis runbook: daily backups (so a newest backup older than 26 h means one
/// was missed), a monthly restore test (35 days), and certificates renewed a month ahead.
/// </summary>
public sealed record ReadinessOptions
{
    public static readonly ReadinessOptions Default = new();

    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public int CertificateMinDays { get; init; } = 30;

    public TimeSpan BackupMaxAge { get; init; } = TimeSpan.FromHours(26);

    public TimeSpan RestoreTestMaxAge { get; init; } = TimeSpan.FromDays(35);
}
