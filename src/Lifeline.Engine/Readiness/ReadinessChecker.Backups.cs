using Lifeline.Core.Estates;
using Lifeline.Core.Time;

namespace Lifeline.Engine.Readiness;

public sealed partial class ReadinessChecker
{
    /// <summary>
    /// The newest backup and the newest successful restore test, each younger than its limit. No provider reports backup
    /// ages yet, so until a backup store is bound to one this item says which store cannot be checked and why.
    /// </summary>
    private ReadinessItem Backups(CheckContext context)
    {
        const string name = "Backups functioning";
        var stores = context.Estate.Resources.Where(r => IsBackupStore(context.Estate, r)).ToList();
        if (stores.Count == 0)
        {
            return Item(ReadinessItemKind.Backups, name, ReadinessStatus.NotChecked, "the estate declares no backup store (a backup-vault, or an object-store with a data class in a DR site)");
        }

        var limits = $"limits: newest backup {DurationText.Format(context.Options.BackupMaxAge)}, newest restore test {DurationText.Format(context.Options.RestoreTestMaxAge)}";
        var lines = stores.Select(store => store.BindingFor(context.Profile) is { } binding
            ? (ReadinessStatus.NotChecked, $"{store.Id}: provider {binding.Provider} cannot report backup or restore-test ages yet ({limits})")
            : (ReadinessStatus.NotChecked, $"{store.Id}: no backup binding for {context.Profile}, so nothing can list its backups ({limits})")).ToList();
        return Verdict(ReadinessItemKind.Backups, name, lines);
    }

    private static bool IsBackupStore(Estate estate, Resource resource) =>
        resource.Kind == "backup-vault" || (resource.Kind == "object-store" && resource.DataClass is not null && AtDrSite(estate, resource));
}
