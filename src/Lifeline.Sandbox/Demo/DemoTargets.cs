using System.Net;
using Lifeline.Sandbox.Environment;
using Lifeline.Sandbox.Environment.Kinds;

namespace Lifeline.Sandbox.Demo;

/// <summary>
/// What the demo drives, read off the sandbox's topology rather than known by name: the first database's primary member
/// (its site is the one the fault takes down), the replica the plan promotes, and the first DNS record clients write through.
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
    public static (DemoTargets? Targets, string? Error) From(SandboxState state)
    {
        var settings = state.Settings;
        if (state.Topology.OfKind(PostgresKind.Name).FirstOrDefault() is not { Primary: { } primary } cluster || cluster.Replicas.FirstOrDefault() is not { } replica)
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
            IPEndPoint.Parse(settings[SandboxSettings.Key(dns.Name, "dns")])), null);
    }

    public string ReplicaConnection =>
        $"Host=127.0.0.1;Port={ReplicaSettings["port"]};Database={ReplicaSettings["database"]};Username={ReplicaSettings["user"]};Password={ReplicaSettings["password"]};Timeout=5;Pooling=false";
}
