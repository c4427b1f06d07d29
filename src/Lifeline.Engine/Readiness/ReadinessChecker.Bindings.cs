namespace Lifeline.Engine.Readiness;

public sealed partial class ReadinessChecker
{
    /// <summary>
    /// A resource a plan or the monitor uses must be bound; one only documented (a backup vault no provider drives yet)
    /// is a gap the backups item reports, not a broken estate; one only a plan written for other profiles uses is noted, since
    /// that plan cannot run in this profile.
    /// </summary>
    private ReadinessItem ResourcesBound(CheckContext context)
    {
        var estate = context.Estate;
        var unbound = estate.Resources.Where(r => r.BindingFor(context.Profile) is null).ToList();
        var missing = unbound.Where(r => context.Used.Contains(r.Id)).Select(r => r.Id).ToList();
        var anywhere = ResourceUsage.Of(context.Loaded);
        var documented = unbound.Where(r => !anywhere.Contains(r.Id)).Select(r => r.Id).ToList();
        var elsewhere = unbound.Where(r => anywhere.Contains(r.Id) && !context.Used.Contains(r.Id)).Select(r => r.Id).ToList();
        var note = (elsewhere.Count == 0 ? "" : $"; used only by plans written for other profiles: {string.Join(", ", elsewhere)}")
            + (documented.Count == 0 ? "" : $"; documented only, used by no plan: {string.Join(", ", documented)}");
        return missing.Count == 0
            ? Item(ReadinessItemKind.ResourcesBound, "Resources bound", ReadinessStatus.Pass, $"every resource a plan or the monitor uses is bound for {context.Profile} ({estate.Resources.Count - unbound.Count} of {estate.Resources.Count}){note}")
            : Item(ReadinessItemKind.ResourcesBound, "Resources bound", ReadinessStatus.Fail, $"used by a plan or the monitor but not bound for {context.Profile}: {string.Join(", ", missing)}{note}");
    }
}
