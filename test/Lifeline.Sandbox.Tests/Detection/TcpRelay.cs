using System.Net;
using System.Net.Sockets;

namespace Lifeline.Sandbox.Tests.Detection;

/// <summary>
/// A vantage point's network path to a server: a loopback TCP relay the test can cut, so one vantage point loses sight
/// of the server while the others still see it.
/// </summary>
internal sealed class TcpRelay : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _cut = new();
    private readonly List<TcpClient> _open = [];

    public TcpRelay(int target)
    {
        _target = target;
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Cuts the path: open connections drop, and new ones are accepted but never answered (like a dropped route).</summary>
    public void Cut()
    {
        _cut.Cancel();
        lock (_open)
        {
            foreach (var client in _open)
            {
                client.Dispose();
            }
        }
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_open)
            {
                _open.Add(client);
            }

            if (_cut.IsCancellationRequested)
            {
                continue;
            }

            _ = Task.Run(async () =>
            {
                using var server = new TcpClient();
                try
                {
                    await server.ConnectAsync(IPAddress.Loopback, _target, _cut.Token);
                    var up = client.GetStream().CopyToAsync(server.GetStream(), _cut.Token);
                    var down = server.GetStream().CopyToAsync(client.GetStream(), _cut.Token);
                    await Task.WhenAny(up, down);
                }
                catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
                {
                }
                finally
                {
                    client.Dispose();
                }
            });
        }
    }

    public void Dispose()
    {
        Cut();
        _listener.Stop();
        _listener.Dispose();
        _cut.Dispose();
    }
}
