using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.FieldDescriptor;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Core.Vocabulary;

public static partial class Operations
{
    /// <summary>Backup vaults (aws-backup in production): is there a recent, completed backup to restore from.</summary>
    public static class Backup
    {
        public static readonly ProbeDescriptor Status = new(
            "backup.status",
            "The vault's recovery points and its backup jobs within a window: the newest completed job and its age.",
            [Optional("within", ParameterType.Duration, "Look at jobs created within this (default 24h).")],
            [Flag("vault_exists", "Whether the vault exists."),
             Whole("recovery_points", "Recovery points in the vault."),
             Whole("jobs", "Backup jobs created within the window."),
             Whole("completed", "Of those, completed."),
             Whole("failed", "Of those, failed, aborted or expired."),
             Text("latest_completed_at", "When the newest completed job finished (ISO 8601); empty when none did."),
             Decimal("latest_age_s", "Seconds since then; empty when none did.")]);

        public static readonly Capability Capability = new("backup", "Backups: the newest completed backup and its age.", [], [Status]);
    }
}
