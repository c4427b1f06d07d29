using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Lifeline.Cli.Hosting;
using Lifeline.Server.Apis;

namespace Lifeline.Cli.Remote;

/// <summary>
/// The CLI's side of <c>lifeline serve</c>'s REST API: bearer token, snake_case JSON, and every failure turned into one
/// line for the user (a problem's <c>detail</c>, an unreachable server, a refused token) with its exit code.
/// </summary>
internal sealed class LifelineClient(RemoteTarget target) : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http = Create(target);

    public RemoteTarget Target => target;

    public Task<RemoteResult<T>> GetAsync<T>(string path, CancellationToken cancellationToken)
        where T : class =>
        SendAsync<T>(() => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    public Task<RemoteResult<T>> PostAsync<T>(string path, object? body, CancellationToken cancellationToken)
        where T : class =>
        SendAsync<T>(() => new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body, body.GetType(), options: RemoteJson.Options) }, cancellationToken);

    /// <summary>Opens the run's live events (SSE) after <paramref name="lastEventId"/>; the stream ends when the run does.</summary>
    public async Task<RemoteResult<IAsyncEnumerable<RunEventItem>>> EventsAsync(string runId, int? lastEventId, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"api/runs/{Uri.EscapeDataString(runId)}/events/stream");
        if (lastEventId is { } last)
        {
            request.Headers.Add("Last-Event-ID", last.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var (response, error) = await ExchangeAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response is null)
        {
            return RemoteResult<IAsyncEnumerable<RunEventItem>>.Failed(error!);
        }

        return RemoteResult<IAsyncEnumerable<RunEventItem>>.Ok(ReadEventsAsync(response, cancellationToken));
    }

    public void Dispose() => _http.Dispose();

    private static async IAsyncEnumerable<RunEventItem> ReadEventsAsync(HttpResponseMessage response, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (response)
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var parser = SseParser.Create(stream, (_, data) => JsonSerializer.Deserialize<RunEventItem>(data, RemoteJson.Options)!);
            await foreach (var item in parser.EnumerateAsync(cancellationToken))
            {
                yield return item.Data;
            }
        }
    }

    private static HttpClient Create(RemoteTarget target)
    {
        var http = new HttpClient { BaseAddress = target.Server, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("lifeline-cli", typeof(LifelineClient).Assembly.GetName().Version?.ToString(3) ?? "0"));
        if (target.Token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", target.Token);
        }

        return http;
    }

    private async Task<RemoteResult<T>> SendAsync<T>(Func<HttpRequestMessage> request, CancellationToken cancellationToken)
        where T : class
    {
        var (response, error) = await ExchangeAsync(request(), HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response is null)
        {
            return RemoteResult<T>.Failed(error!);
        }

        using (response)
        {
            try
            {
                var value = await response.Content.ReadFromJsonAsync<T>(RemoteJson.Options, cancellationToken);
                return value is null ? RemoteResult<T>.Failed(new RemoteError($"server {target.Name} answered {Path(response)} with no content", ExitCodes.RunFailed)) : RemoteResult<T>.Ok(value);
            }
            catch (JsonException ex)
            {
                return RemoteResult<T>.Failed(new RemoteError($"server {target.Name} answered {Path(response)} with JSON this lifeline does not understand ({ex.Message}); is it the same version?", ExitCodes.RunFailed));
            }
        }
    }

    /// <summary>Sends the request; a success status returns the response, anything else one line saying why.</summary>
    private async Task<(HttpResponseMessage? Response, RemoteError? Error)> ExchangeAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        if (target.Server is null)
        {
            request.Dispose();
            return (null, new RemoteError($"--server '{target.Name}' is not a URL; expected e.g. http://127.0.0.1:8080", ExitCodes.BadInput));
        }

        HttpResponseMessage response;
        using (request)
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(RequestTimeout);
            try
            {
                response = await _http.SendAsync(request, completion, timeout.Token);
            }
            catch (HttpRequestException ex)
            {
                return (null, new RemoteError($"server {target.Name} is unreachable: {OneLine(ex.Message)}", ExitCodes.BadInput));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return (null, new RemoteError($"server {target.Name} is unreachable: no answer within {RequestTimeout.TotalSeconds:0} s", ExitCodes.BadInput));
            }
        }

        if (response.IsSuccessStatusCode)
        {
            return (response, null);
        }

        using (response)
        {
            var detail = await DetailAsync(response, cancellationToken);
            return (null, response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => new RemoteError(
                    target.Token is null
                        ? $"server {target.Name} wants an API token: pass --token or set LIFELINE_TOKEN (lifeline users token NAME creates one)"
                        : $"server {target.Name} refused the API token (401): it is unknown, revoked or mistyped",
                    ExitCodes.BadInput),
                HttpStatusCode.Forbidden => new RemoteError(detail ?? $"server {target.Name} refused {Path(response)} (403): your role does not allow it", ExitCodes.BadInput),
                _ when detail is not null => new RemoteError(detail, (int)response.StatusCode >= 500 ? ExitCodes.RunFailed : ExitCodes.BadInput),
                _ => new RemoteError($"server {target.Name} answered {Path(response)} with {(int)response.StatusCode} {response.ReasonPhrase}", (int)response.StatusCode >= 500 ? ExitCodes.RunFailed : ExitCodes.BadInput),
            });
        }
    }

    /// <summary>The RFC 9457 problem's <c>detail</c> on one line; null when the body has none.</summary>
    private static async Task<string?> DetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (text.Length == 0)
            {
                return null;
            }

            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            var detail = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            return string.IsNullOrWhiteSpace(detail) ? null : OneLine(detail);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Path(HttpResponseMessage response) =>
        $"{response.RequestMessage?.Method} /{response.RequestMessage?.RequestUri?.GetComponents(UriComponents.Path, UriFormat.Unescaped)}";

    private static string OneLine(string text) => string.Join("; ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
