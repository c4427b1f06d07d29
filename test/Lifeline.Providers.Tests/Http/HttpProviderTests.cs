using System.Net;
using System.Net.Sockets;
using Lifeline.Core.Providers;
using Lifeline.Providers.Http;

namespace Lifeline.Providers.Tests.Http;

/// <summary>Against a real HTTP server (HttpListener) on loopback.</summary>
public sealed class HttpProviderTests : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _url;
    private readonly Task _serving;

    public HttpProviderTests()
    {
        var port = FreePort();
        _url = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(_url + "/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    [Fact]
    public async Task Probe_HealthyEndpoint_ObservesStatusBodyAndLatency()
    {
        var outcome = await new HttpProvider().ProbeAsync(Probe(new() { ["path"] = "/health" }), CancellationToken.None);

        Assert.Null(outcome.Error);
        Assert.Equal("true", outcome.Fields["reachable"]);
        Assert.Equal("200", outcome.Fields["status"]);
        Assert.Equal("{\"status\":\"ok\"}", outcome.Fields["body"]);
        Assert.True(int.Parse(outcome.Fields["latency_ms"], System.Globalization.CultureInfo.InvariantCulture) >= 0);
    }

    [Fact]
    public async Task Probe_NothingListening_ObservesUnreachableInsteadOfFailing()
    {
        var request = new ProbeRequest("http.get", "api", new Dictionary<string, string> { ["url"] = $"http://127.0.0.1:{FreePort()}" }, new Dictionary<string, string>(), RecordingStepLog.Context(new RecordingStepLog()));

        var outcome = await new HttpProvider().ProbeAsync(request, CancellationToken.None);

        Assert.Null(outcome.Error);
        Assert.Equal("false", outcome.Fields["reachable"]);
        Assert.NotEqual("", outcome.Fields["error"]);
    }

    [Fact]
    public async Task Request_ServerError_FailsAsTransient()
    {
        var request = new OperationRequest("http.request", "api", new Dictionary<string, string> { ["url"] = _url }, new Dictionary<string, string> { ["path"] = "/broken" }, RecordingStepLog.Context(new RecordingStepLog()));

        var outcome = await new HttpProvider().ExecuteAsync(request, CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.True(outcome.IsTransient);
        Assert.Contains("answered 503", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_NoUrl_IsInvalidInput()
    {
        var request = new ProbeRequest("http.get", null, new Dictionary<string, string>(), new Dictionary<string, string>(), RecordingStepLog.Context(new RecordingStepLog()));

        var outcome = await new HttpProvider().ProbeAsync(request, CancellationToken.None);

        Assert.StartsWith("no url", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_HealthyEndpoint_SendsRateTimesDurationAndMeasuresLatency()
    {
        // Given a healthy endpoint
        var request = new ProbeRequest("http.load", "api", new Dictionary<string, string> { ["url"] = _url }, new Dictionary<string, string> { ["path"] = "/health", ["rate"] = "10", ["duration"] = "2s" }, RecordingStepLog.Context(new RecordingStepLog()));

        // When 10 requests a second arrive for 2 seconds
        var outcome = await new HttpProvider().ProbeAsync(request, CancellationToken.None);

        // Then 20 were sent, none erred, and the percentiles are ordered
        Assert.Null(outcome.Error);
        Assert.Equal("20", outcome.Fields["requests"]);
        Assert.Equal("0", outcome.Fields["errors"]);
        Assert.Equal("0", outcome.Fields["error_rate"]);
        var p50 = long.Parse(outcome.Fields["p50_ms"], System.Globalization.CultureInfo.InvariantCulture);
        var p95 = long.Parse(outcome.Fields["p95_ms"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(p50, 0, p95);
        Assert.InRange(p95, p50, long.Parse(outcome.Fields["max_ms"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("", outcome.Fields["first_error"]);
    }

    [Fact]
    public async Task Load_FailingEndpoint_CountsEveryServerErrorAsAnError()
    {
        // Given an endpoint answering 503
        var request = new ProbeRequest("http.load", "api", new Dictionary<string, string> { ["url"] = _url }, new Dictionary<string, string> { ["path"] = "/broken", ["rate"] = "5", ["duration"] = "1s" }, RecordingStepLog.Context(new RecordingStepLog()));

        // When the load runs
        var outcome = await new HttpProvider().ProbeAsync(request, CancellationToken.None);

        // Then every request erred, and the first error says why
        Assert.Equal("5", outcome.Fields["errors"]);
        Assert.Equal("1", outcome.Fields["error_rate"]);
        Assert.Contains("answered 503", outcome.Fields["first_error"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_ZeroDuration_IsInvalidInput()
    {
        var request = new ProbeRequest("http.load", "api", new Dictionary<string, string> { ["url"] = _url }, new Dictionary<string, string> { ["duration"] = "0s" }, RecordingStepLog.Context(new RecordingStepLog()));

        var outcome = await new HttpProvider().ProbeAsync(request, CancellationToken.None);

        Assert.Contains("'duration'", outcome.Error, StringComparison.Ordinal);
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
        }
    }

    private ProbeRequest Probe(Dictionary<string, string> inputs) =>
        new("http.get", "api", new Dictionary<string, string> { ["url"] = _url }, inputs, RecordingStepLog.Context(new RecordingStepLog()));

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

            var healthy = context.Request.Url!.AbsolutePath == "/health";
            context.Response.StatusCode = healthy ? 200 : 503;
            var body = System.Text.Encoding.UTF8.GetBytes(healthy ? "{\"status\":\"ok\"}" : "down");
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
