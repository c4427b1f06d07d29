using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Lifeline.Providers.Tests.Communications.Channels;

/// <summary>A real HTTP server (HttpListener) on 127.0.0.1 that records each request's JSON body and answers <see cref="Status"/>.</summary>
internal sealed class RecordingHttpServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Task _serving;

    public RecordingHttpServer()
    {
        (_listener, Url) = Listen();
        _serving = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public int Status { get; set; } = 200;

    public ConcurrentQueue<(string Path, JsonElement Body, string? ContentType)> Requests { get; } = new();

    public JsonElement SingleBody() => Assert.Single(Requests).Body;

    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    /// <summary>
    /// A free port is found by binding port 0 and closing it, so another process can take it before the listener binds
    /// it (a fresh-clone run under a CPU hog got "Address already in use"); then another port is tried.
    /// </summary>
    private static (HttpListener Listener, string Url) Listen()
    {
        for (var attempt = 1; ; attempt++)
        {
            var url = $"http://127.0.0.1:{FreePort()}/";
            var listener = new HttpListener();
            listener.Prefixes.Add(url);
            try
            {
                listener.Start();
                return (listener, url);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Abort();
            }
        }
    }

    public void Dispose()
    {
        // Abort, not Stop and Close: on Linux, Close after Stop detaches the listener again, which binds its port anew
        // (HttpEndPointManager) and fails when another process has taken it meanwhile.
        _listener.Abort();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was closed under the pending GetContextAsync.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
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
                var text = await reader.ReadToEndAsync();
                using var document = JsonDocument.Parse(text);
                Requests.Enqueue((context.Request.Url!.AbsolutePath, document.RootElement.Clone(), context.Request.ContentType));
            }

            context.Response.StatusCode = Status;
            await using (var writer = new StreamWriter(context.Response.OutputStream))
                await writer.WriteAsync(Status < 300 ? "{\"status\":\"success\"}" : "{\"message\":\"Invalid routing key\"}");
            context.Response.Close();
        }
    }
}
