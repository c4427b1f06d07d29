using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Lifeline.Providers.Tests.Communications.Channels;

/// <summary>A real HTTP server (HttpListener) on 127.0.0.1 that records each request's JSON body and answers <see cref="Status"/>.</summary>
internal sealed class RecordingHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public RecordingHttpServer()
    {
        Url = $"http://127.0.0.1:{FreePort()}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
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
