using System.Net;
using System.Net.Sockets;
using Lifeline.Sandbox.Environment;

namespace Lifeline.Sandbox.Tests.Environment;

/// <summary>The site cut against real nftables on loopback, in a table of the test's own, removed afterwards.</summary>
public sealed class SitePartitionTests
{
    private const int CutSite = 200;
    private const string OtherSite = "127.0.201.10";

    [Fact]
    public async Task Cut_SiteServerOnLoopbackAndAnotherSiteOnTheSamePort_OnlyTheSitesServerIsCutOff()
    {
        // Given a server of the cut site on 127.0.0.1, and another site's server on its own address with the same port
        // (object stores listen on each site's address and share their port number)
        using var siteServer = new TcpListener(IPAddress.Loopback, 0);
        siteServer.Start();
        var port = ((IPEndPoint)siteServer.LocalEndpoint).Port;
        // Site numbers no sandbox uses: a cut of block 1 would also cut every running sandbox's first site.
        using var otherSite = new TcpListener(IPAddress.Parse(OtherSite), port);
        otherSite.Start();
        var table = "lifeline_test_" + Guid.NewGuid().ToString("N")[..12];
        var cut = SitePartition.CutScript(table, "primary", SitePartition.Block(CutSite), [port]);
        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), table)).FullName;
        try
        {
            // When the site is cut off with that port as one of its servers'
            Assert.Null(await SitePartition.ApplyAsync(root, cut, CancellationToken.None));

            // Then the other site's server still answers, and the site's own server does not (a timeout, not a refusal)
            Assert.True(await ConnectsAsync(new IPEndPoint(IPAddress.Parse(OtherSite), port)), "the other site's server was cut off too");
            Assert.False(await ConnectsAsync(new IPEndPoint(IPAddress.Loopback, port)), "the cut site's server still answers");
        }
        finally
        {
            Assert.Null(await SitePartition.RemoveTableAsync(table, CancellationToken.None));
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<bool> ConnectsAsync(IPEndPoint endpoint)
    {
        using var client = new TcpClient();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync(endpoint, limit.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
