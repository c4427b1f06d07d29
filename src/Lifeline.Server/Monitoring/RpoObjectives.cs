using Lifeline.Core.Estates;

namespace Lifeline.Server.Monitoring;

/// <summary>The RPO objective that applies to a resource: its data class's, or the <c>database</c> class's for databases.</summary>
internal static class RpoObjectives
{
    public static double? For(Estate estate, string resourceId)
    {
        var resource = estate.FindResource(resourceId);
        var dataClass = resource?.DataClass ?? (resource?.Kind == "database" ? "database" : null);
        return dataClass is not null && estate.Objectives.Rpo.TryGetValue(dataClass, out var rpo) ? rpo.TotalSeconds : null;
    }
}
