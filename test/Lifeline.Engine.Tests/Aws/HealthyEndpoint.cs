using System.Net;

namespace Lifeline.Engine.Tests.Aws;

/// <summary>A real HTTP server on 127.0.0.1 that answers 200 to every request: the portal and API as the DR region serves them.</summary>
internal sealed class HealthyEndpoint : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public HealthyEndpoint()
    {
        Url = $"http://127.0.0.1:{AwsStandIn.AwsStandIn.FreePort()}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _serving = ServeAsync();
    }

    public string Url { get; }

    public async ValueTask DisposeAsync()
    {
        // Abort, not Stop and Close: on Linux, Close after Stop detaches the listener again, which binds its port anew
        // (HttpEndPointManager) and fails when another process has taken it meanwhile.
        _listener.Abort();
        await _serving;
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

            context.Response.StatusCode = 200;
            await using (var writer = new StreamWriter(context.Response.OutputStream))
            {
                await writer.WriteAsync("{\"status\":\"ok\"}");
            }

            context.Response.Close();
        }
    }
}
