using System.Net;
using System.Net.Sockets;

namespace Lifeline.Engine.Monitoring.Remote;

/// <summary>An HTTP client whose connections leave from one local address, as a host inside a site's network would.</summary>
internal static class AgentHttp
{
    public static HttpClient BoundTo(IPAddress source) => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromSeconds(30),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(source.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };
}
