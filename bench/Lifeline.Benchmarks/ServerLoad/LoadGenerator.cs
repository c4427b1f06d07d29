using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Lifeline.Benchmarks.ServerLoad;

/// <summary>
/// The clients of the load test: pollers sharing a fixed request rate over <c>GET /api/runs</c> and
/// <c>GET /api/runs/{id}</c>, and SSE holders following the drill's run from its first event to its end.
/// </summary>
internal sealed class LoadGenerator(HttpClient client, int pollers, int streams, double requestsPerSecond, TimeProvider time)
{
    private readonly ConcurrentBag<LoadSample> _samples = [];
    private readonly ConcurrentBag<double> _deliveryMs = [];
    private readonly TaskCompletionSource<string> _runId = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _streamErrors;
    private int _streamsOpen;
    private int _streamsCompleted;

    public IReadOnlyCollection<LoadSample> Samples => _samples;

    /// <summary>For each event a stream received: receipt time minus the event's own time (the engine's clock).</summary>
    public IReadOnlyCollection<double> DeliveryMs => _deliveryMs;

    public int StreamErrors => _streamErrors;

    public int StreamsOpened => _streamsOpen;

    public int StreamsCompleted => _streamsCompleted;

    /// <summary>Tells the SSE holders which run to follow and the pollers which report to read.</summary>
    public void Follow(string runId) => _runId.TrySetResult(runId);

    public Task RunAsync(CancellationToken stop)
    {
        var tasks = new List<Task>();
        var interval = TimeSpan.FromSeconds(pollers / requestsPerSecond);
        for (var i = 0; i < pollers; i++)
        {
            var offset = interval * i / pollers;
            tasks.Add(Task.Run(() => PollAsync(offset, interval, stop), CancellationToken.None));
        }

        for (var i = 0; i < streams; i++)
        {
            tasks.Add(Task.Run(() => StreamAsync(stop), CancellationToken.None));
        }

        return Task.WhenAll(tasks);
    }

    private async Task PollAsync(TimeSpan offset, TimeSpan interval, CancellationToken stop)
    {
        var next = time.GetTimestamp() + (long)(offset.TotalSeconds * time.TimestampFrequency);
        var round = 0;
        while (!stop.IsCancellationRequested)
        {
            var wait = time.GetElapsedTime(time.GetTimestamp(), next);
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, time, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            next += (long)(interval.TotalSeconds * time.TimestampFrequency);
            var (endpoint, path) = round++ % 2 == 0 || !_runId.Task.IsCompleted
                ? ("GET /api/runs", "api/runs?limit=20")
                : ("GET /api/runs/{id}", "api/runs/" + _runId.Task.Result);
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead, stop);
                _samples.Add(new LoadSample(endpoint, Stopwatch.GetElapsedTime(started).TotalMilliseconds, response.IsSuccessStatusCode));
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException)
            {
                _samples.Add(new LoadSample(endpoint, Stopwatch.GetElapsedTime(started).TotalMilliseconds, false));
            }
        }
    }

    private async Task StreamAsync(CancellationToken stop)
    {
        string runId;
        try
        {
            runId = await _runId.Task.WaitAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            using var response = await client.GetAsync($"api/runs/{runId}/events/stream", HttpCompletionOption.ResponseHeadersRead, stop);
            response.EnsureSuccessStatusCode();
            Interlocked.Increment(ref _streamsOpen);
            var connected = time.GetUtcNow();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop));
            while (await reader.ReadLineAsync(stop) is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    using var data = JsonDocument.Parse(line.AsMemory(6));
                    var at = DateTimeOffset.Parse(data.RootElement.GetProperty("at").GetString()!, CultureInfo.InvariantCulture);
                    if (at >= connected)
                    {
                        // Only events recorded while this stream was open: history replayed at connect is not a delay.
                        _deliveryMs.Add((time.GetUtcNow() - at).TotalMilliseconds);
                    }
                }
            }

            Interlocked.Increment(ref _streamsCompleted);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            Interlocked.Increment(ref _streamErrors);
        }
    }
}
