using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Lifeline.Engine.Tests.Support;

/// <summary>
/// A real HTTP server (HttpListener) on 127.0.0.1 that answers each request with the next of its scripted statuses
/// (the last one repeats), and counts what it received.
/// </summary>
internal sealed class ScriptedHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<int> _statuses;
    private readonly int _last;
    private readonly SemaphoreSlim _received = new(0);
    private readonly Task _serving;
    private int _count;

    public ScriptedHttpServer(params int[] statuses)
    {
        _statuses = new ConcurrentQueue<int>(statuses);
        _last = statuses[^1];
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/";
        probe.Stop();
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _serving = ServeAsync();
    }

    public string Url { get; }

    public int Count => Volatile.Read(ref _count);

    /// <summary>Waits until the server has received <paramref name="count"/> requests in all.</summary>
    public async Task WaitForAsync(int count, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (Count < count)
        {
            await _received.WaitAsync(cancel.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Abort, not Stop and Close: on Linux, Close after Stop detaches the listener again, which binds its port anew
        // (HttpEndPointManager) and fails when another process has taken it meanwhile.
        _listener.Abort();
        await _serving;
        _received.Dispose();
    }

    private async Task ServeAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using (var reader = new StreamReader(context.Request.InputStream))
            {
                await reader.ReadToEndAsync();
            }

            context.Response.StatusCode = _statuses.TryDequeue(out var status) ? status : _last;
            context.Response.Close();
            Interlocked.Increment(ref _count);
            _received.Release();
        }
    }
}
