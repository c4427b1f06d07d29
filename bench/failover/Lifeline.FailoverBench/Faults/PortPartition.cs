using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Lifeline.FailoverBench.Faults;

/// <summary>
/// A node cut off from the network on loopback, the way the sandbox's <c>partition-site</c> cuts a site (ADR 0012): an
/// nftables table of its own (named after the harness's PID and a counter, so no two runs or trials share one) whose
/// output chain drops every TCP packet to or from the node's ports. Connections then time out instead of being
/// refused. The node's Unix sockets are not cut: a host's own local clients are not cut off by a network partition.
/// Disposing removes the table, also when the trial failed.
/// </summary>
internal sealed class PortPartition : IAsyncDisposable
{
    private static int _counter;
    private bool _removed;

    private PortPartition(string table) => Table = table;

    public string Table { get; }

    /// <summary>Cuts the ports; returns the partition, or throws <see cref="InvalidOperationException"/> when nft failed.</summary>
    public static async Task<PortPartition> CutAsync(IReadOnlyList<int> ports, CancellationToken cancellationToken)
    {
        var table = $"lifeline_bench_{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}";
        var set = string.Join(", ", ports.Select(p => p.ToString(CultureInfo.InvariantCulture)));
        var script = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"add table inet {table}\n")
            .Append(CultureInfo.InvariantCulture, $"add chain inet {table} cut {{ type filter hook output priority -10; policy accept; }}\n")
            .Append(CultureInfo.InvariantCulture, $"add rule inet {table} cut tcp dport {{ {set} }} drop\n")
            .Append(CultureInfo.InvariantCulture, $"add rule inet {table} cut tcp sport {{ {set} }} drop\n")
            .ToString();
        var partition = new PortPartition(table);
        var (exitCode, output) = await NftAsync(["-f", "-"], script, cancellationToken);
        if (exitCode != 0)
        {
            // A half-applied script may have left the table.
            await partition.DisposeAsync();
            throw new InvalidOperationException($"nft failed ({exitCode}): {output.Trim()}");
        }

        return partition;
    }

    /// <summary>Heals the cut (removes the table); safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_removed)
        {
            return;
        }

        _removed = true;
        var (exitCode, output) = await NftAsync(["delete", "table", "inet", Table], null, CancellationToken.None);
        if (exitCode != 0 && !output.Contains("No such file", StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync($"warning: nft delete table inet {Table} failed: {output.Trim()}");
        }
    }

    private static async Task<(int ExitCode, string Output)> NftAsync(IReadOnlyList<string> arguments, string? input, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("nft") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("nft did not start");
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}
