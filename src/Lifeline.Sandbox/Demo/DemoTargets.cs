using System.Net;
using Lifeline.Core.Estates.Sandbox;
using Lifeline.Sandbox.Environment;
using Lifeline.Sandbox.Environment.Kinds;

namespace Lifeline.Sandbox.Demo;

/// <summary>
/// What the demo drives, read off the sandbox's topology rather than known by name: the first database's primary member
/// (its site is the one the fault takes down), the replica the plan promotes, the first DNS record clients write through,
/// and the database secret of the service behind it (where the service is left writing is where lost writes are counted).
/// </summary>
internal sealed record DemoTargets(
    string PrimarySite,
    int PrimarySiteIndex,
    string? PrimaryResource,
    IReadOnlyDictionary<string, string> PrimarySettings,
    IReadOnlyDictionary<string, string> ReplicaSettings,
    string SocketDirectory,
    string PrimaryData,
    string DnsName,
    int ServicePort,
    IPEndPoint Dns)
{
    /// <summary>The file holding the database secret the service behind <see cref="DnsName"/> reads; null when it reads none.</summary>
    public string? ServiceSecretFile { get; init; }

    /// <summary>
    /// For a service whose instances in each site read their own secret (an ehr component's <c>&lt;secret&gt;-&lt;site&gt;</c>),
    /// that file by the site's index (the third byte of its addresses): where the service writes depends on which site
    /// the DNS name sends clients to. Empty for a service with one secret.
    /// </summary>
    public IReadOnlyDictionary<int, string> SiteSecretFiles { get; init; } = new Dictionary<int, string>();

    public static (DemoTargets? Targets, string? Error) From(SandboxState state)
    {
        var settings = state.Settings;
        if (state.Topology.OfKind(PostgresKind.Name).FirstOrDefault() is not { Primary: { } primary } cluster || CrossSite(primary, cluster.Replicas) is not { } replica)
        {
            return (null, "the demo needs a postgres component with a primary and a replica in the estate's sandbox section");
        }

        if (state.Topology.OfKind(PowerDnsKind.Name).FirstOrDefault(d => d.Records.Count > 0) is not { } dns)
        {
            return (null, "the demo needs a powerdns component with a record in the estate's sandbox section");
        }

        var (record, target) = dns.Records.First();
        Dictionary<string, string> Connection(string member) => new()
        {
            ["host"] = "127.0.0.1",
            ["port"] = settings[SandboxSettings.Key(cluster.Name, member, "port")],
            ["database"] = settings[SandboxSettings.Key(cluster.Name, "database")],
            ["user"] = settings[SandboxSettings.Key(cluster.Name, "user")],
            ["password"] = settings[SandboxSettings.SecretKey(cluster.Name, "password")],
        };

        return (new DemoTargets(
            primary.Site,
            state.SiteIndex(primary.Site),
            primary.Resource,
            Connection(primary.Name),
            Connection(replica.Name),
            settings[SandboxSettings.Key(cluster.Name, "socket-dir")],
            settings[SandboxSettings.Key(cluster.Name, primary.Name, "data")],
            $"{record}.{PowerDnsKind.Zone(dns)}",
            state.Port(target.Component),
            IPEndPoint.Parse(settings[SandboxSettings.Key(dns.Name, "dns")]))
        {
            ServiceSecretFile = SecretFile(state, target.Component),
            SiteSecretFiles = SiteSecrets(state, target.Component),
        }, null);
    }

    private static string? SecretFile(SandboxState state, string service) =>
        state.Topology.Find(service)?.Setting("secret") is { } secret && state.Topology.OfKind(FileSecretsKind.Name).FirstOrDefault() is { } store
            ? Path.Combine(FileSecretsKind.Directory(new SandboxLayout(state.Directory), store), secret)
            : null;

    private static Dictionary<int, string> SiteSecrets(SandboxState state, string service) =>
        state.Topology.Find(service) is { Kind: "ehr" } component && SecretFile(state, service) is { } shared
            ? state.Topology.Sites.ToDictionary(state.SiteIndex, site => Path.Combine(Path.GetDirectoryName(shared)!, EhrKind.SecretName(component, site)))
            : [];

    public string ReplicaConnection =>
        $"Host=127.0.0.1;Port={ReplicaSettings["port"]};Database={ReplicaSettings["database"]};Username={ReplicaSettings["user"]};Password={ReplicaSettings["password"]};Timeout=5;Pooling=false";

    /// <summary>
    /// The replica the drill fails over to: one in another site (the DR standby) before a same-site one (a Multi-AZ
    /// standby), as a region failover promotes across sites.
    /// </summary>
    private static SandboxMemberSpec? CrossSite(SandboxMemberSpec primary, IEnumerable<SandboxMemberSpec> replicas) =>
        replicas.OrderBy(r => r.Site == primary.Site ? 1 : 0).FirstOrDefault();
}
