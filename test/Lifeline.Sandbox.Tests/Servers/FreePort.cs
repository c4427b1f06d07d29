using System.Net;
using System.Net.Sockets;

namespace Lifeline.Sandbox.Tests.Servers;

internal static class FreePort
{
    public static int Tcp()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
