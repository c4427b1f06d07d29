using System.Globalization;
using System.Text;
using Lifeline.Sandbox.Environment.Kinds;

namespace Lifeline.Sandbox.Environment;

/// <summary>The sandbox as settings (<c>sandbox.env</c>), each named after the topology component it describes.</summary>
internal static class SandboxEnvironment
{
    public static SandboxSettings Variables(SandboxState state)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [SandboxSettings.Key("dir")] = state.Directory,
            [SandboxSettings.Key("owner")] = state.RunAs is { } user ? $"{user.Uid.ToString(CultureInfo.InvariantCulture)}:{user.Gid.ToString(CultureInfo.InvariantCulture)}" : "",
            // The sandbox's own nftables table (removed by down) for the sites' ingress firewalls, and where forensic
            // snapshots go (ADR 0025).
            [SandboxSettings.Key("nft", "table")] = SitePartition.TableName(state.Directory),
            [SandboxSettings.Key("evidence", "dir")] = Path.Combine(state.Directory, "evidence"),
        };
        foreach (var site in state.Topology.Sites)
        {
            // An address inside the site for clients that stand there (a self-fencing agent binds to it).
            values[SandboxSettings.Key(site, "site", "address")] = SitePartition.HostAddress(state.SiteIndex(site));
            values[SandboxSettings.Key(site, "site", "block")] = SitePartition.Block(state.SiteIndex(site));
        }

        foreach (var component in state.Topology.Components)
        {
            SandboxKindRegistry.Get(component.Kind).Export(state, component, values);
        }

        return new SandboxSettings(values);
    }

    public static string Render(IEnumerable<KeyValuePair<string, string>> variables)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in variables)
        {
            text.Append(key).Append('=').Append(value).Append('\n');
        }

        return text.ToString();
    }

    public static string ReadSecret(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : "";
}
