using System.Net;
using System.Net.Sockets;

namespace Lifeline.FailoverBench.Processes;

/// <summary>Ports free on 127.0.0.1, each handed out once per harness run.</summary>
internal static class FreePorts
{
    private static readonly HashSet<int> Taken = [];

    public static int Next()
    {
        lock (Taken)
        {
            for (var attempt = 0; attempt < 100; attempt++)
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
                if (Taken.Add(port))
                {
                    return port;
                }
            }

            throw new InvalidOperationException("no free port on 127.0.0.1");
        }
    }
}
