using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Lifeline.Core.Providers;
using Lifeline.Core.Time;
using Lifeline.Providers.Inputs;

namespace Lifeline.Providers.Http;

internal sealed partial class HttpProvider
{
    private const string CaFileSetting = "ca-file";
    private const int MaximumRate = 200;
    private static readonly TimeSpan MaximumDuration = TimeSpan.FromHours(1);

    /// <summary>
    /// An open-loop load: request i is sent at i/rate seconds whether or not earlier ones have answered, as artillery's
    /// arrival rate does, so a slow server shows as latency and errors rather than as fewer requests.
    /// </summary>
    private async Task<ProbeOutcome> LoadAsync(Uri uri, IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string> inputs, CancellationToken cancellationToken)
    {
        var reader = new InputReader("http", "input", inputs);
        var rate = reader.Integer("rate", 5, 1, MaximumRate);
        var duration = reader.Duration("duration", TimeSpan.FromSeconds(60));
        var timeout = reader.Duration("timeout", DefaultTimeout);
        if (reader.Error is { } error)
        {
            return ProbeOutcome.Invalid(error);
        }

        if (duration <= TimeSpan.Zero || duration > MaximumDuration)
        {
            return ProbeOutcome.Invalid($"http: input 'duration' is {DurationText.Format(duration)}; expected more than 0s and at most 1h");
        }

        using var handler = Handler(settings, timeout, pooled: true);
        using var client = new HttpClient(handler) { Timeout = timeout };
        var method = new HttpMethod((inputs.GetValueOrDefault("method") ?? "GET").ToUpperInvariant());
        var body = inputs.GetValueOrDefault("body");
        var count = Math.Max(1, (int)Math.Round(duration.TotalSeconds * rate));
        var started = _time.GetTimestamp();
        var requests = new List<Task<LoadResult>>(count);
        for (var i = 0; i < count; i++)
        {
            var wait = TimeSpan.FromSeconds((double)i / rate) - _time.GetElapsedTime(started);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken);
            }

            requests.Add(OneAsync(client, method, uri, body, timeout, cancellationToken));
        }

        var results = await Task.WhenAll(requests);
        var answered = results.Where(r => r.Answered).Select(r => r.Milliseconds).Order().ToList();
        var errors = results.Count(r => r.Error is not null);
        return ProbeOutcome.Observed(new Dictionary<string, string>
        {
            ["requests"] = Text(results.Length),
            ["errors"] = Text(errors),
            ["error_rate"] = ((double)errors / results.Length).ToString("0.####", CultureInfo.InvariantCulture),
            ["p50_ms"] = answered.Count == 0 ? "" : Text(Percentile(answered, 0.50)),
            ["p95_ms"] = answered.Count == 0 ? "" : Text(Percentile(answered, 0.95)),
            ["max_ms"] = answered.Count == 0 ? "" : Text(answered[^1]),
            ["first_error"] = results.FirstOrDefault(r => r.Error is not null)?.Error ?? "",
        });
    }

    private async Task<LoadResult> OneAsync(HttpClient client, HttpMethod method, Uri uri, string? body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            message.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var started = _time.GetTimestamp();
        try
        {
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var milliseconds = (long)_time.GetElapsedTime(started).TotalMilliseconds;
            var status = (int)response.StatusCode;
            return new LoadResult(true, milliseconds, status is >= 200 and < 400 ? null : $"{uri} answered {status}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or SocketException && !cancellationToken.IsCancellationRequested)
        {
            return new LoadResult(false, (long)_time.GetElapsedTime(started).TotalMilliseconds, ex is TaskCanceledException ? $"{uri}: no answer within {DurationText.Format(timeout)}" : $"{uri}: {ex.Message}");
        }
    }

    /// <summary>The nearest-rank percentile of sorted values.</summary>
    private static long Percentile(IReadOnlyList<long> sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
