using Lifeline.FailoverBench.Processes;

namespace Lifeline.FailoverBench.Patroni;

/// <summary>
/// One Patroni member: its PostgreSQL port, REST port, its own etcd client port (so a partition can cut exactly this
/// member's DCS traffic), data directory, configuration and process.
/// </summary>
internal sealed class PatroniNode(string name, int pgPort, int restPort, int etcdPort, string directory)
{
    public string Name { get; } = name;

    public int PgPort { get; } = pgPort;

    public PatroniRest Rest { get; } = new(restPort);

    /// <summary>The etcd client port only this member uses (etcd listens on one per member; Patroni sticks to it).</summary>
    public int EtcdPort { get; } = etcdPort;

    /// <summary>Every TCP port across this member's edge: its PostgreSQL, its REST API and its way to etcd.</summary>
    public IReadOnlyList<int> EdgePorts => [PgPort, Rest.Port, EtcdPort];

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
