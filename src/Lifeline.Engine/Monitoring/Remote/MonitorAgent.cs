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

    public async Task RunAsync(CancellationToken cancellationToken)
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

            var batch = new ObservationBatch(prober.Vantage, [.. observations.Select(o => new RemoteObservation(o.Resource, o.Healthy, o.Fields, o.Detail))], interval.TotalMilliseconds);
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = JsonContent.Create(batch, RemoteJson.Default.ObservationBatch) };
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            string? problem;
            try
            {
                using var response = await Http.SendAsync(request, cancellationToken);
                problem = response.IsSuccessStatusCode ? null : $"control plane {controlPlane} answered {(int)response.StatusCode}: {(await response.Content.ReadAsStringAsync(cancellationToken)).Trim()}";
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
