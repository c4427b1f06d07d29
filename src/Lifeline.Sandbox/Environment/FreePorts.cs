using System.Net;
using System.Net.Sockets;

namespace Lifeline.Sandbox.Environment;

/// <summary>Finds ports free on loopback addresses (TCP, and UDP for DNS), and checks given ones.</summary>
internal static class FreePorts
{
    public static bool IsFree(IPAddress address, int port, bool udpToo = false)
    {
        try
        {
            using (var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                tcp.Bind(new IPEndPoint(address, port));
            }

            if (udpToo)
            {
                using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                udp.Bind(new IPEndPoint(address, port));
            }

            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether anything listens on <paramref name="port"/> (TCP LISTEN or a bound UDP socket), from /proc/net — unlike a
    /// test bind, not fooled by TIME_WAIT connections a stopped server leaves behind.
    /// </summary>
    public static bool IsListening(int port)
    {
        var hex = port.ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (file, state) in ((string, string)[])[("/proc/net/tcp", "0A"), ("/proc/net/tcp6", "0A"), ("/proc/net/udp", "07"), ("/proc/net/udp6", "07")])
        {
            if (!File.Exists(file))
            {
                continue;
            }

            foreach (var line in File.ReadLines(file).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 3 && fields[1].EndsWith(":" + hex, StringComparison.Ordinal) && fields[3] == state)
                {
                    return true;
                }
            }
        }

        return false;
    }

    // Below Linux's default ephemeral range (32768-60999). A port is picked seconds before its server binds it; taken
    // from the ephemeral range, an outgoing connection made meanwhile (a client of another sandbox, say) could be given
    // the same number as its local port, and the server then fails to bind ("exited during startup").
    private const int LowestPort = 10000;
    private const int HighestPort = 32767;

    // Ports this process picked lately, never picked again until many others have been: sandboxes of one process (a
    // server's drills, parallel tests) otherwise pick a port another just released, and that one's tear-down check
    // sees it bound again ("still bound after stopping the sandbox").
    private const int Remembered = 4096;
    private static readonly Lock RecentLock = new();
    private static readonly Queue<int> RecentOrder = new();
    private static readonly HashSet<int> Recent = [];

    /// <summary>A port free on every one of <paramref name="addresses"/>, not in <paramref name="taken"/>, outside the ephemeral range.</summary>
    public static int Pick(IReadOnlyList<IPAddress> addresses, ISet<int> taken, bool udpToo = false)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var candidate = Random.Shared.Next(LowestPort, HighestPort + 1);
            if (taken.Contains(candidate) || !Remember(candidate))
            {
                continue;
            }

            if (addresses.All(a => IsFree(a, candidate, udpToo)))
            {
                taken.Add(candidate);
                return candidate;
            }
        }

        throw new InvalidOperationException($"no free port found on loopback between {LowestPort} and {HighestPort} after 200 attempts");
    }

    /// <summary>False when this process picked the port lately; otherwise remembers it.</summary>
    private static bool Remember(int port)
    {
        lock (RecentLock)
        {
            if (!Recent.Add(port))
            {
                return false;
            }

            RecentOrder.Enqueue(port);
            if (RecentOrder.Count > Remembered)
            {
                Recent.Remove(RecentOrder.Dequeue());
            }

            return true;
        }
    }
}
