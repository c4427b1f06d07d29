using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Lifeline.Providers.Nftables;

namespace Lifeline.Sandbox.Tests.Providers;

/// <summary>The nftables ingress firewall against the real nft, on a loopback address and a listener the test owns.</summary>
public sealed class NftablesProviderTests : IAsyncLifetime
{
    // Unique per run, and removed in DisposeAsync whatever the test did.
    private readonly string _table = $"lifeline_test_{System.Environment.ProcessId}_{Guid.NewGuid().ToString("N")[..8]}";
    private readonly NftablesProvider _provider = new();
    private readonly TestStep _step = new();
    private readonly TcpListener _guarded = new(IPAddress.Parse("127.0.77.10"), 0);
    private readonly TcpListener _other = new(IPAddress.Parse("127.0.77.10"), 0);

    private int GuardedPort => ((IPEndPoint)_guarded.LocalEndpoint).Port;

    private IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["table"] = _table,
        ["chain"] = "ingress_test",
        ["destination"] = "127.0.77.0/24",
        ["ports"] = $"443={GuardedPort}",
    };

    public Task InitializeAsync()
    {
        _guarded.Start();
        _other.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _guarded.Stop();
        _other.Stop();
        using var delete = Process.Start(new ProcessStartInfo("nft", ["delete", "table", "inet", _table]) { RedirectStandardError = true })!;
        await delete.WaitForExitAsync();
    }

    [Fact]
    public async Task RevokeIngress_443MappedToALocalPort_ConnectionsFailAtOnceOtherPortsStillAnswer()
    {
        // Given a listener that answers on the guarded address before anything is revoked
        Assert.True(await ConnectsAsync(GuardedPort), "the listener must answer before the revoke");

        // When 443 (served on the listener's port) is revoked from everywhere, twice
        var first = await _provider.ExecuteAsync(_step.Operation("firewall.revoke-ingress", Settings, new Dictionary<string, string> { ["port"] = "443", ["cidr"] = "0.0.0.0/0" }), CancellationToken.None);
        var second = await _provider.ExecuteAsync(_step.Operation("firewall.revoke-ingress", Settings, new Dictionary<string, string> { ["port"] = "443", ["cidr"] = "0.0.0.0/0" }), CancellationToken.None);

        // Then the rule is in place and read back, the second call finds it already there
        Assert.True(first.Succeeded, first.Error);
        Assert.Equal("true", first.Outputs["verified"]);
        Assert.Equal("true", first.Outputs["was_present"]);
        Assert.True(second.Succeeded, second.Error);
        Assert.Equal("false", second.Outputs["was_present"]);

        // And a connection to the guarded port fails at once (reset, not a hang), while another port still answers
        var clock = Stopwatch.StartNew();
        Assert.False(await ConnectsAsync(GuardedPort), "the guarded port still answers");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the refused connection took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(await ConnectsAsync(((IPEndPoint)_other.LocalEndpoint).Port), "a port that was not revoked must still answer");
    }

    [Fact]
    public async Task RevokeIngress_SettingThatIsNotAName_RefusedBeforeNftRuns()
    {
        var settings = new Dictionary<string, string>(Settings) { ["table"] = "x; flush ruleset" };

        var outcome = await _provider.ExecuteAsync(_step.Operation("firewall.revoke-ingress", settings, new Dictionary<string, string> { ["port"] = "443" }), CancellationToken.None);

        Assert.Equal("nftables: setting 'table' must be letters, digits and _, not 'x; flush ruleset'", outcome.Error);
    }

    private static async Task<bool> ConnectsAsync(int port)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await client.ConnectAsync(IPAddress.Parse("127.0.77.10"), port, timeout.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
