using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Lifeline.Engine.Monitoring.Remote;

/// <summary>
/// The control plane's door for agents: <c>POST /observations</c> with an <see cref="ObservationBatch"/>, and a bearer
/// token when one is configured. Observations are stamped with the control plane's clock on receipt, so agents' clock
/// skew cannot make stale observations look fresh.
/// </summary>
public sealed class ObservationReceiver(MonitorService monitor, IPEndPoint endpoint, string? token, TimeProvider time) : IDisposable
{
    private readonly HttpListener _listener = new();

    public void Start()
    {
        _listener.Prefixes.Add($"http://{endpoint.Address}:{endpoint.Port}/");
        _listener.Start();
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var stop = cancellationToken.Register(_listener.Stop);
        while (!cancellationToken.IsCancellationRequested)
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

            await HandleAsync(context, cancellationToken);
        }
    }

    private async Task HandleAsync(HttpListenerContext context, CancellationToken cancellationToken)
    {
        var response = context.Response;
        try
        {
            var request = context.Request;
            if (request.Url?.AbsolutePath == "/health")
            {
                await ReplyAsync(response, 200, "ok", cancellationToken);
                return;
            }

            if (request.HttpMethod != "POST" || request.Url?.AbsolutePath != "/observations")
            {
                await ReplyAsync(response, 404, "POST /observations", cancellationToken);
                return;
            }

            if (token is not null && !Authorized(request.Headers["Authorization"]))
            {
                await ReplyAsync(response, 401, "a valid bearer token is required", cancellationToken);
                return;
            }

            var batch = await JsonSerializer.DeserializeAsync(request.InputStream, RemoteJson.Default.ObservationBatch, cancellationToken);
            if (batch is null || string.IsNullOrWhiteSpace(batch.Vantage))
            {
                await ReplyAsync(response, 400, "expected {\"vantage\": ..., \"observations\": [...]}", cancellationToken);
                return;
            }

            var at = time.GetUtcNow();
            var observations = batch.Observations.Select(o => new Observation(o.Resource, batch.Vantage, at, o.Healthy, o.Fields, o.Detail)).ToList();
            await monitor.IngestAsync(observations, cancellationToken);
            if (batch.Lease is { } lease)
            {
                // The renewal counts from receipt on the control plane's clock; the agent counts from before it sent.
                monitor.Leases.Renew(batch.Vantage, lease, at);
            }

            await ReplyAsync(response, 204, "", cancellationToken);
        }
        catch (JsonException ex)
        {
            await ReplyAsync(response, 400, $"bad observation batch: {ex.Message}", cancellationToken);
        }
        catch (HttpListenerException)
        {
            // The agent hung up; it will post again next round.
        }
    }

    private bool Authorized(string? header)
    {
        var expected = Encoding.UTF8.GetBytes("Bearer " + token);
        var given = Encoding.UTF8.GetBytes(header ?? "");
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private static async Task ReplyAsync(HttpListenerResponse response, int status, string text, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        if (text.Length > 0)
        {
            var body = Encoding.UTF8.GetBytes(text + "\n");
            response.ContentType = "text/plain; charset=utf-8";
            await response.OutputStream.WriteAsync(body, cancellationToken);
        }

        response.Close();
    }

    public void Dispose() => ((IDisposable)_listener).Dispose();
}
