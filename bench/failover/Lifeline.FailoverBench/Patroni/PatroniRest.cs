using System.Net;

namespace Lifeline.FailoverBench.Patroni;

/// <summary>A Patroni node's REST API (<c>GET /primary</c>, <c>/replica</c>: 200 or 503), with a 1 s timeout.</summary>
internal sealed class PatroniRest(int port)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(1) };

    public int Port { get; } = port;

    public Task<bool> IsPrimaryAsync(CancellationToken cancellationToken) => IsOkAsync("primary", cancellationToken);

    public Task<bool> IsReplicaAsync(CancellationToken cancellationToken) => IsOkAsync("replica", cancellationToken);

    /// <summary>The status code of <c>GET /primary</c>, or null when the API did not answer within the timeout.</summary>
    public async Task<HttpStatusCode?> PrimaryStatusAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{Port}/primary"), cancellationToken);
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task<bool> IsOkAsync(string endpoint, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{Port}/{endpoint}"), cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
