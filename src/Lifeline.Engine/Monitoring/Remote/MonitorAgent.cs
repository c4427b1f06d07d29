using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Lifeline.Engine.Monitoring.Remote;

/// <summary>
/// <c>lifeline agent</c>: probes the estate from another vantage point every interval and posts what it saw to the
/// control plane. When the control plane is unreachable it says so once, keeps probing, and says when it is back.
/// </summary>
public sealed class MonitorAgent(Prober prober, Uri controlPlane, string? token, TimeSpan interval, TimeProvider time, IProgress<string> progress)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>The primary-role lease this agent renews with every acknowledged report, and fences by when isolated.</summary>
    public SelfFencingLease? Lease { get; init; }

    /// <summary>The address reports leave from: one inside the agent's site, so a partition of the site cuts them off too.</summary>
    public System.Net.IPAddress? Source { get; init; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var bound = Source is { } source ? AgentHttp.BoundTo(source) : null;
        var http = bound ?? Http;
        using var stopLease = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var leasing = Lease?.RunAsync(stopLease.Token) ?? Task.CompletedTask;
        try
        {
            await ReportAsync(http, cancellationToken);
        }
        finally
        {
            await stopLease.CancelAsync();
            await leasing;
        }
    }

    private async Task ReportAsync(HttpClient http, CancellationToken cancellationToken)
    {
        progress.Report($"agent {prober.Vantage}: {prober.Calls.Count} probes every {Core.Time.DurationText.Format(interval)}, reporting to {controlPlane}");
        var target = new Uri(controlPlane, "observations");
        var reachable = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            var started = time.GetTimestamp();
            IReadOnlyList<Observation> observations;
            try
            {
                observations = await prober.ProbeAllAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            var batch = new ObservationBatch(prober.Vantage, [.. observations.Select(o => new RemoteObservation(o.Resource, o.Healthy, o.Fields, o.Detail))], interval.TotalMilliseconds, Lease?.Claim);
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = JsonContent.Create(batch, RemoteJson.Default.ObservationBatch) };
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            string? problem;
            var sentAt = time.GetTimestamp();

            // With a lease, a report that is not answered within an interval is a missed renewal, not a stalled loop.
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (Lease is not null)
            {
                limit.CancelAfter(interval < TimeSpan.FromMilliseconds(500) ? TimeSpan.FromMilliseconds(500) : interval);
            }

            try
            {
                using var response = await http.SendAsync(request, limit.Token);
                problem = response.IsSuccessStatusCode ? null : $"control plane {controlPlane} answered {(int)response.StatusCode}: {(await response.Content.ReadAsStringAsync(limit.Token)).Trim()}";
                if (problem is null)
                {
                    Lease?.Acknowledged(sentAt);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                problem = $"control plane {controlPlane} is unreachable: {ex.Message}";
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            if (problem is not null && reachable)
            {
                progress.Report(problem);
            }
            else if (problem is null && !reachable)
            {
                progress.Report($"control plane {controlPlane} reachable again");
            }

            reachable = problem is null;
            var wait = interval - time.GetElapsedTime(started);
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
