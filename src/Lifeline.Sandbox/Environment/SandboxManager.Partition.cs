using System.Globalization;

namespace Lifeline.Sandbox.Environment;

internal sealed partial class SandboxManager
{
    public const string PartitionFault = "partition-site";

    /// <summary>Cuts a site off: packets to and from it are dropped, so connections time out rather than being refused.</summary>
    public async Task<SandboxResult<string>> PartitionSiteAsync(string directory, string? site, CancellationToken cancellationToken)
    {
        var (state, block, error) = await SiteAsync(directory, site, cancellationToken);
        if (state is null)
        {
            return SandboxResult<string>.Fail(error!);
        }

        var ports = state.Components.Where(c => c.Site == site).Select(c => c.Port).Distinct().Order().ToList();
        var table = SitePartition.TableName(state.Directory);
        if (await SitePartition.ApplyAsync(state.Directory, SitePartition.CutScript(table, site!, block!, ports), cancellationToken) is { } nftError)
        {
            return SandboxResult<string>.Fail(nftError);
        }

        var portText = ports.Count == 0 ? "" : $" and ports {string.Join(", ", ports.Select(p => p.ToString(CultureInfo.InvariantCulture)))} on 127.0.0.1";
        return SandboxResult<string>.Ok($"{PartitionFault} {site}: dropping every packet between {block}{portText} and the rest (nftables table inet {table}); heal with: lifeline sandbox heal-site {site}");
    }

    /// <summary>Ends a site's partition. Healing a site that is not partitioned is not an error.</summary>
    public async Task<SandboxResult<string>> HealSiteAsync(string directory, string? site, CancellationToken cancellationToken)
    {
        var (state, _, error) = await SiteAsync(directory, site, cancellationToken);
        if (state is null)
        {
            return SandboxResult<string>.Fail(error!);
        }

        var table = SitePartition.TableName(state.Directory);
        var chains = await SitePartition.ChainsAsync(table, cancellationToken);
        var chain = SitePartition.Chain(site!);
        if (!chains.Contains(chain))
        {
            return SandboxResult<string>.Ok($"site {site} was not partitioned");
        }

        var remove = chains.Count == 1
            ? SitePartition.RemoveTableAsync(table, cancellationToken)
            : SitePartition.ApplyAsync(state.Directory, $"flush chain inet {table} {chain}\ndelete chain inet {table} {chain}\n", cancellationToken);
        return await remove is { } nftError ? SandboxResult<string>.Fail(nftError) : SandboxResult<string>.Ok($"site {site} healed: packets flow again");
    }

    private static async Task<(SandboxState? State, string? Block, string? Error)> SiteAsync(string directory, string? site, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(directory);
        var state = await ReadStateAsync(root, cancellationToken);
        if (state is null)
        {
            return (null, null, NotASandbox(root));
        }

        var sites = string.Join(", ", state.Topology.Sites);
        if (string.IsNullOrEmpty(site))
        {
            return (null, null, $"no site given; expected one of: {sites}, e.g. lifeline sandbox fault {PartitionFault} {state.Topology.Sites[0]}");
        }

        return state.Topology.Sites.Contains(site)
            ? (state, SitePartition.Block(state.SiteIndex(site)), null)
            : (null, null, $"'{site}' is not a site of this sandbox; expected one of: {sites}");
    }
}
