using System.Net;
using System.Text;

namespace Lifeline.Engine.Monitoring.Remote;

/// <summary>
/// The control plane's door for agents: <c>POST /observations</c> with an <see cref="ObservationBatch"/> and the
/// agent's own credential (<see cref="AgentCredentialStore"/>), which speaks for one vantage name only. Every report
/// is checked (size, rate, shape, known resources) before it can count towards a failover; a bad one gets a 4xx and
/// the listener carries on. Observations are stamped with the control plane's clock on receipt, so agents' clock skew
/// cannot make stale observations look fresh. Without credentials (<c>--insecure-agents</c>) anyone may report.
/// </summary>
public sealed partial class ObservationReceiver(MonitorService monitor, IPEndPoint endpoint, AgentCredentialStore? credentials, TimeProvider time) : IDisposable
{
    /// <summary>A report is one observation per monitored resource: a few kilobytes.</summary>
    public const int MaximumBodyBytes = 256 * 1024;

    /// <summary>How long one agent may take to send its report before the listener moves on to the next.</summary>
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpListener _listener = new();
    private readonly AgentRateLimiter _rate = new(time);
    private readonly HashSet<string> _resources = [.. monitor.Calls.Select(c => c.Resource)];

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
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadTimeout);
        try
        {
            var (status, text) = await AnswerAsync(context.Request, timeout.Token);
            await ReplyAsync(response, status, text, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await ReplyQuietlyAsync(response, 408, $"the report took longer than {ReadTimeout.TotalSeconds:0} s to arrive", cancellationToken);
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The agent hung up; it will post again next round.
            response.Abort();
        }
    }

    private async Task<(int Status, string Text)> AnswerAsync(HttpListenerRequest request, CancellationToken cancellationToken)
    {
        if (request.Url?.AbsolutePath == "/health")
        {
            return (200, "ok");
        }

        if (request.HttpMethod != "POST" || request.Url?.AbsolutePath != "/observations")
        {
            return (404, "POST /observations");
        }

        var speaksFor = await AuthenticateAsync(request.Headers["Authorization"], cancellationToken);
        if (speaksFor is { Known: false })
        {
            return (401, "a valid agent credential is required (Authorization: Bearer TOKEN; see lifeline agents add)");
        }

        if (request.ContentLength64 > MaximumBodyBytes)
        {
            return (413, $"a report is at most {MaximumBodyBytes / 1024} KB");
        }

        var body = await ReadBoundedAsync(request.InputStream, cancellationToken);
        if (body is null)
        {
            return (413, $"a report is at most {MaximumBodyBytes / 1024} KB");
        }

        var (batch, problem) = Parse(body);
        if (batch is null)
        {
            return (400, problem!);
        }

        if (speaksFor is { Vantage: { } own } && own != batch.Vantage)
        {
            return (403, $"this credential reports as '{own}', not as '{batch.Vantage}'");
        }

        if (!_rate.TryAcquire(batch.Vantage))
        {
            return (429, $"agent '{batch.Vantage}' reports too often; at most {AgentRateLimiter.PerSecond:0} reports a second");
        }

        var at = time.GetUtcNow();
        if (batch.IntervalMs is > 0 and var interval)
        {
            monitor.Window.SetCadence(batch.Vantage, TimeSpan.FromMilliseconds(interval));
        }

        var observations = batch.Observations.Select(o => new Observation(o.Resource, batch.Vantage, at, o.Healthy, o.Fields ?? new Dictionary<string, string>(), o.Detail ?? "")).ToList();
        await monitor.IngestAsync(observations, cancellationToken);
        if (batch.Lease is { } lease)
        {
            // The renewal counts from receipt on the control plane's clock; the agent counts from before it sent.
            monitor.Leases.Renew(batch.Vantage, lease, at);
        }

        return (204, "");
    }

    /// <summary>Null when no credentials are required and none was given; otherwise whether the token is known, and for whom it speaks.</summary>
    private async Task<(bool Known, string? Vantage)?> AuthenticateAsync(string? header, CancellationToken cancellationToken)
    {
        var token = header is not null && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;
        if (credentials is null && token is null)
        {
            return null;
        }

        var vantage = token is null || credentials is null ? null : await credentials.VantageOfAsync(token, cancellationToken);
        return (vantage is not null, vantage);
    }

    private static async Task<byte[]?> ReadBoundedAsync(Stream input, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await input.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaximumBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
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

    private static async Task ReplyQuietlyAsync(HttpListenerResponse response, int status, string text, CancellationToken cancellationToken)
    {
        try
        {
            await ReplyAsync(response, status, text, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            response.Abort();
        }
    }

    // Abort, not Dispose: a listener that cancellation stopped would be detached again by Dispose, which on Linux binds
    // its port anew (HttpEndPointManager) and throws "Address already in use" when another process has taken it.
    public void Dispose() => _listener.Abort();
}
