using System.Globalization;
using Lifeline.Core.Estates;
using Lifeline.Core.Time;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Engine.Readiness;

public sealed partial class ReadinessChecker
{
    /// <summary>
    /// The newest completed backup of every backup store is younger than its limit, judged by the store's provider
    /// (backup.status: aws-backup in production, pgbackrest in the sandbox). A store whose provider cannot report backup
    /// ages says so. No provider reports restore tests yet, so their limit is only named.
    /// </summary>
    private async Task<ReadinessItem> BackupsAsync(CheckContext context, CancellationToken cancellationToken)
    {
        const string name = "Backups functioning";
        var stores = context.Estate.Resources.Where(r => IsBackupStore(context.Estate, r)).ToList();
        if (stores.Count == 0)
        {
            return Item(ReadinessItemKind.Backups, name, ReadinessStatus.NotChecked, "the estate declares no backup store (a backup-vault, or an object-store with a data class in a DR site)");
        }

        var limits = $"limits: newest backup {DurationText.Format(context.Options.BackupMaxAge)}, newest restore test {DurationText.Format(context.Options.RestoreTestMaxAge)}";
        var lines = await Task.WhenAll(stores.Select(store => BackupStoreAsync(context, store, limits, cancellationToken)));
        return Verdict(ReadinessItemKind.Backups, name, lines);
    }

    private async Task<(ReadinessStatus, string)> BackupStoreAsync(CheckContext context, Resource store, string limits, CancellationToken cancellationToken)
    {
        if (store.BindingFor(context.Profile) is not { } binding)
        {
            return (ReadinessStatus.NotChecked, $"{store.Id}: no backup binding for {context.Profile}, so nothing can list its backups ({limits})");
        }

        if (!CanProbe(binding, Operations.Backup.Status.Name))
        {
            return (ReadinessStatus.NotChecked, $"{store.Id}: provider {binding.Provider} cannot report backup or restore-test ages yet ({limits})");
        }

        var maxAge = context.Options.BackupMaxAge;
        var monitor = new ResourceMonitor("backup", false, new Dictionary<string, string> { ["within"] = DurationText.Format(maxAge) }, store.Location);
        var (seen, problem) = await ProbeAsync(context, store, monitor, cancellationToken);
        if (seen is null)
        {
            return (ReadinessStatus.NotChecked, $"{store.Id}: cannot probe: {problem}");
        }

        if (seen.Field("vault_exists") != "true")
        {
            return (ReadinessStatus.Fail, $"{store.Id}: {(seen.Fields.Count == 0 ? seen.Detail : "the vault does not exist")} ({binding.Provider})");
        }

        if (!double.TryParse(seen.Field("latest_age_s"), NumberStyles.Float, CultureInfo.InvariantCulture, out var ageSeconds))
        {
            return (ReadinessStatus.Fail, $"{store.Id}: no completed backup ({seen.Field("recovery_points")} recovery points; {limits})");
        }

        var age = TimeSpan.FromSeconds(ageSeconds);
        var newest = $"newest backup completed {seen.Field("latest_completed_at")}, {DurationText.Format(TimeSpan.FromSeconds(Math.Floor(ageSeconds)))} ago";
        return age > maxAge
            ? (ReadinessStatus.Fail, $"{store.Id}: {newest}, older than the limit {DurationText.Format(maxAge)}")
            : (ReadinessStatus.Pass, $"{store.Id}: {newest} ({seen.Field("failed")} failed within {DurationText.Format(maxAge)}; {limits})");
    }

    private static bool IsBackupStore(Estate estate, Resource resource) =>
        resource.Kind == "backup-vault" || (resource.Kind == "object-store" && resource.DataClass is not null && AtDrSite(estate, resource));
}
