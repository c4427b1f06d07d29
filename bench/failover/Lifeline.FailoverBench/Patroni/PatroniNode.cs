using Lifeline.FailoverBench.Processes;

namespace Lifeline.FailoverBench.Patroni;

/// <summary>One Patroni member: its PostgreSQL port, REST port, data directory, configuration and process.</summary>
internal sealed class PatroniNode(string name, int pgPort, int restPort, string directory)
{
    public string Name { get; } = name;

    public int PgPort { get; } = pgPort;

    public PatroniRest Rest { get; } = new(restPort);

    public string Directory { get; } = directory;

    public string DataDirectory => Path.Combine(Directory, "data");

    public string ConfigFile => Path.Combine(Directory, "patroni.yml");

    public OwnedProcess? Process { get; set; }

    /// <summary>The PIDs of this node's PostgreSQL: postmaster first, then its children; empty when it is not running.</summary>
    public IReadOnlyList<int> PostgresPids()
    {
        var postmaster = ProcessTable.Postmaster(DataDirectory);
        return postmaster is null ? [] : [postmaster.Value, .. ProcessTable.Children(postmaster.Value)];
    }
}
