using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Lifeline.Sandbox.Environment;

/// <summary>
/// A site cut off from the rest of the sandbox by nftables rules on loopback: every packet with exactly one end in the
/// site (its address block, or one of its servers' ports on 127.0.0.1) is dropped, whatever its connection state, so
/// new connections time out and established ones hang instead of being refused. Local (Unix) sockets are not covered,
/// as a host's own clients are not cut off by a network partition. One table per sandbox, one base chain per site.
/// </summary>
internal static class SitePartition
{
    public const string Nft = "nft";

    /// <summary>Where the sandbox's shared servers (PostgreSQL, PowerDNS) listen; a site's own servers listen on its block.</summary>
    private const string Loopback = "127.0.0.1";

    /// <summary>The sandbox's own table: its name is derived from the sandbox directory, so two sandboxes never share one.</summary>
    public static string TableName(string root) =>
        "lifeline_sbx_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(root))))[..12];

    /// <summary>The n-th sandbox site's address block (from 1): 127.0.n.0/24 (ADR 0006), in the order the topology lists its sites.</summary>
    public static string Block(int index) => $"127.0.{index.ToString(CultureInfo.InvariantCulture)}.0/24";

    /// <summary>An address inside the n-th site for clients that stand there (the self-fencing agent binds to it).</summary>
    public static string HostAddress(int index) => $"127.0.{index.ToString(CultureInfo.InvariantCulture)}.2";

    /// <summary>The n-th site's instance addresses: 127.0.n.10, .11, …</summary>
    public static IReadOnlyList<string> InstanceAddresses(int index, int count) =>
        [.. Enumerable.Range(10, count).Select(i => $"127.0.{index.ToString(CultureInfo.InvariantCulture)}.{i.ToString(CultureInfo.InvariantCulture)}")];

    public static string Chain(string site) => $"partition_{site}";

    /// <summary>The nft script that adds the site's chain; traffic inside the site is kept, traffic across its edge is dropped.</summary>
    public static string CutScript(string table, string site, string block, IReadOnlyList<int> ports)
    {
        var chain = Chain(site);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"add table inet {table}\n");
        text.Append(CultureInfo.InvariantCulture, $"add chain inet {table} {chain} {{ type filter hook output priority -10; policy accept; }}\n");
        text.Append(CultureInfo.InvariantCulture, $"flush chain inet {table} {chain}\n");
        text.Append(CultureInfo.InvariantCulture, $"add rule inet {table} {chain} ip saddr {block} ip daddr {block} accept\n");
        if (ports.Count > 0)
        {
            // Only the servers on 127.0.0.1: a store whose instances listen on each site's own address shares its port
            // number with the other sites, and a rule on the bare port cut the DR site's store off too (the partition
            // drill's file restore then waited out its timeouts against DR's object store).
            var set = "{ " + string.Join(", ", ports.Select(p => p.ToString(CultureInfo.InvariantCulture))) + " }";
            text.Append(CultureInfo.InvariantCulture, $"add rule inet {table} {chain} ip saddr {block} ip daddr {Loopback} tcp dport {set} accept\n");
            text.Append(CultureInfo.InvariantCulture, $"add rule inet {table} {chain} ip saddr {Loopback} tcp sport {set} ip daddr {block} accept\n");
            text.Append(CultureInfo.InvariantCulture, $"add rule inet {table} {chain} ip daddr {Loopback} tcp dport {set} drop\n");
            text.Append(CultureInfo.InvariantCulture, $"add rule inet {table} {chain} ip saddr {Loopback} tcp sport {set} drop\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"add rule inet {table} {chain} ip saddr {block} drop\n");
        text.Append(CultureInfo.InvariantCulture, $"add rule inet {table} {chain} ip daddr {block} drop\n");
        return text.ToString();
    }

    public static async Task<string?> ApplyAsync(string root, string script, CancellationToken cancellationToken)
    {
        var file = Path.Combine(Path.GetFullPath(root), "run", $"nft-{Guid.NewGuid():N}.nft");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, script, cancellationToken);
        try
        {
            var (exitCode, output) = await SandboxCommand.RunAsync(Nft, ["-f", file], null, null, cancellationToken);
            return exitCode == 0 ? null : $"nft failed ({exitCode}): {SandboxCommand.LastLine(output)}";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "nft not found; partition faults need nftables (apt-get install -y nftables) and root";
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The chains of the sandbox's table (empty when the table does not exist).</summary>
    public static async Task<IReadOnlyList<string>> ChainsAsync(string table, CancellationToken cancellationToken)
    {
        try
        {
            var (exitCode, output) = await SandboxCommand.RunAsync(Nft, ["list", "table", "inet", table], null, null, cancellationToken);
            return exitCode != 0
                ? []
                : [.. output.Split('\n', StringSplitOptions.TrimEntries).Where(l => l.StartsWith("chain ", StringComparison.Ordinal)).Select(l => l.Split(' ')[1])];
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return [];
        }
    }

    /// <summary>Removes the sandbox's whole table; a table that is not there is not an error.</summary>
    public static async Task<string?> RemoveTableAsync(string table, CancellationToken cancellationToken)
    {
        if ((await ChainsAsync(table, cancellationToken)).Count == 0 && !await ExistsAsync(table, cancellationToken))
        {
            return null;
        }

        var (exitCode, output) = await SandboxCommand.RunAsync(Nft, ["delete", "table", "inet", table], null, null, cancellationToken);
        return exitCode == 0 ? null : $"nft delete table inet {table} failed: {SandboxCommand.LastLine(output)}";
    }

    private static async Task<bool> ExistsAsync(string table, CancellationToken cancellationToken)
    {
        try
        {
            var (exitCode, _) = await SandboxCommand.RunAsync(Nft, ["list", "table", "inet", table], null, null, cancellationToken);
            return exitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
