namespace Lifeline.Sandbox.Portal.Regional;

/// <summary>
/// Where a provider's API answers in each region (PORTAL_UPSTREAMS, <c>region=url;region=url</c>), as an SDK resolves a
/// regional endpoint, and which environment variable names the region to use (PORTAL_REGION_VARIABLE, e.g. the function's
/// model region). The region is read once at start: a changed variable takes a restart, as a function's configuration does.
/// </summary>
internal sealed class RegionalUpstreams(IReadOnlyDictionary<string, Uri> endpoints, string variable, string region)
{
    public const string UpstreamsVariable = "PORTAL_UPSTREAMS";
    public const string RegionVariable = "PORTAL_REGION_VARIABLE";

    private static readonly HttpClient Http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2), PooledConnectionLifetime = TimeSpan.FromSeconds(5) })
    {
        Timeout = TimeSpan.FromSeconds(3),
    };

    public string Variable => variable;

    public string Region => region;

    public static (RegionalUpstreams? Value, string? Error) Load(IConfiguration configuration)
    {
        var variable = configuration[RegionVariable];
        if (string.IsNullOrWhiteSpace(variable))
        {
            return (null, $"{RegionVariable} must name the variable that holds the upstream region");
        }

        var endpoints = new Dictionary<string, Uri>(StringComparer.Ordinal);
        foreach (var pair in (configuration[UpstreamsVariable] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts.Length != 2 || !Uri.TryCreate(parts[1], UriKind.Absolute, out var url))
            {
                return (null, $"{UpstreamsVariable}: '{pair}' is not region=url");
            }

            endpoints[parts[0]] = url;
        }

        return (new RegionalUpstreams(endpoints, variable, configuration[variable] ?? ""), null);
    }

    /// <summary>Calls the upstream in the configured region; the failure is a value (the region, and why).</summary>
    public async Task<(UpstreamAnswer? Answer, string? Error)> InvokeAsync(CancellationToken cancellationToken) =>
        await CallAsync(HttpMethod.Post, "v1/invoke", cancellationToken);

    public async Task<(UpstreamAnswer? Answer, string? Error)> StatusAsync(CancellationToken cancellationToken) =>
        await CallAsync(HttpMethod.Get, "v1/status", cancellationToken);

    private async Task<(UpstreamAnswer? Answer, string? Error)> CallAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        if (!endpoints.TryGetValue(region, out var endpoint))
        {
            return (null, $"{variable}={region} names no region this service can reach; expected one of: {string.Join(", ", endpoints.Keys)}");
        }

        try
        {
            using var request = new HttpRequestMessage(method, new Uri(endpoint, path));
            using var response = await Http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"upstream in {region} answered {(int)response.StatusCode}");
            }

            var answer = await response.Content.ReadFromJsonAsync<UpstreamAnswer>(cancellationToken);
            return answer is null ? (null, $"upstream in {region} answered nothing") : (answer, null);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !cancellationToken.IsCancellationRequested)
        {
            return (null, $"upstream in {region} unreachable: {exception.Message}");
        }
    }
}
