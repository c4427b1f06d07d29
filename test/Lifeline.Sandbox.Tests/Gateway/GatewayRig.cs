using System.Net;
using System.Net.Sockets;
using Lifeline.Sandbox.Tests.Servers;

namespace Lifeline.Sandbox.Tests.Gateway;

/// <summary>
/// The sandbox gateway as a real process (the sample app in gateway mode) with its key and integration files in a
/// temporary directory; the functions it maps are whatever the test gives. Disposing stops what it started.
/// </summary>
internal sealed class GatewayRig : IAsyncDisposable
{
    public const string Function = "medzen-ai-chat-handler";
    public const string Key = "the-admin-key";

    private readonly List<PortalModeProcess> _processes = [];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"lifeline-gateway-{Guid.NewGuid():N}");
    private Dictionary<string, string> _environment = [];

    public PortalModeProcess Gateway { get; private set; } = null!;

    public Uri Admin => new(Gateway.BaseAddress, "/_gateway/integration");

    public static string Arn(string region) => $"arn:aws:lambda:{region}:ACCOUNT:function:{Function}";

    /// <summary>A regional API (the app in upstream mode) that answers with its site: what a function stands in for here.</summary>
    public async Task<Uri> StartFunctionAsync(string site)
    {
        Directory.CreateDirectory(_directory);
        var function = await PortalModeProcess.StartAsync(
            new Dictionary<string, string> { ["PORTAL_MODE"] = "upstream", ["PORTAL_SITE"] = site, ["PORTAL_OUTAGE_FILE"] = Path.Combine(_directory, $"outage-{site}") }, "/health");
        _processes.Add(function);
        return function.BaseAddress;
    }

    /// <summary>Starts the gateway with its first integration and region → URL map.</summary>
    public async Task StartGatewayAsync(string first, IReadOnlyDictionary<string, Uri> functions)
    {
        Directory.CreateDirectory(_directory);
        await File.WriteAllTextAsync(Path.Combine(_directory, "admin-key"), Key + "\n");
        _environment = new Dictionary<string, string>
        {
            ["PORTAL_MODE"] = "gateway",
            ["PORTAL_SITE"] = "eu-west-1",
            ["PORTAL_GATEWAY_FUNCTIONS"] = string.Join(';', functions.Select(f => $"{f.Key}/{Function}={f.Value.ToString().TrimEnd('/')}")),
            ["PORTAL_GATEWAY_INTEGRATION"] = first,
            ["PORTAL_GATEWAY_INTEGRATION_FILE"] = Path.Combine(_directory, "integration-eu-west-1"),
            ["PORTAL_GATEWAY_KEY_FILE"] = Path.Combine(_directory, "admin-key"),
        };
        Gateway = await PortalModeProcess.StartAsync(_environment, "/_gateway/healthz");
        _processes.Add(Gateway);
    }

    /// <summary>Stops the gateway and starts it again with the same settings and files.</summary>
    public async Task RestartGatewayAsync()
    {
        await Gateway.DisposeAsync();
        _processes.Remove(Gateway);
        Gateway = await PortalModeProcess.StartAsync(_environment, "/_gateway/healthz");
        _processes.Add(Gateway);
    }

    /// <summary>A loopback port bound but not listening: connecting to it is refused for as long as the socket lives.</summary>
    public static (Socket Holder, Uri Url) ClosedPort()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (socket, new Uri($"http://127.0.0.1:{((IPEndPoint)socket.LocalEndPoint!).Port}"));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
