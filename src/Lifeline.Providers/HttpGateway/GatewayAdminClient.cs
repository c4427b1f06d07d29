using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Lifeline.Core.Providers;

namespace Lifeline.Providers.HttpGateway;

/// <summary>One gateway's admin API: reads and sets its integration, each failure one line naming the admin URL.</summary>
internal sealed class GatewayAdminClient(Uri admin, string key)
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5), PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    {
        Timeout = TimeSpan.FromSeconds(15),
    };

    public Task<GatewayAnswer> ReadAsync(CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, null, cancellationToken);

    /// <summary>Sets the integration; the answer's <see cref="GatewayAnswer.Uri"/> is the one it replaced.</summary>
    public Task<GatewayAnswer> SetAsync(string uri, CancellationToken cancellationToken) => SendAsync(HttpMethod.Put, uri, cancellationToken);

    private async Task<GatewayAnswer> SendAsync(HttpMethod method, string? uri, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(method, admin) { Content = uri is null ? null : JsonContent.Create(new Dictionary<string, string> { ["uri"] = uri }) };
        message.Headers.Add("X-API-Key", key);
        try
        {
            using var response = await Http.SendAsync(message, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var status = (int)response.StatusCode;
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                return Failed($"the gateway admin API at {admin} refused the key: HTTP {status} {Detail(text)}; expected the gateway's admin key in setting 'admin-key'".TrimEnd());
            }

            if (!response.IsSuccessStatusCode)
            {
                var what = uri is null ? "reading the integration" : $"integration '{uri}'";
                return Failed($"the gateway admin API at {admin} refused {what}: HTTP {status} {Detail(text)}".TrimEnd(), transient: status >= 500);
            }

            var read = Read(text, method == HttpMethod.Get ? "uri" : "previous_uri");
            return read is null ? Failed($"the gateway admin API at {admin} answered HTTP {status} without {(method == HttpMethod.Get ? "uri" : "previous_uri")}: {Shorten(text)}") : new GatewayAnswer(read, null);
        }
        catch (HttpRequestException exception)
        {
            var reason = exception.InnerException is SocketException socket && socket.SocketErrorCode == SocketError.ConnectionRefused ? "connection refused" : exception.Message;
            return Failed($"the gateway admin API at {admin} is unreachable: {reason}", transient: true);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed($"the gateway admin API at {admin} is unreachable: no answer within {Http.Timeout.TotalSeconds:0} s", transient: true);
        }
    }

    private static GatewayAnswer Failed(string error, bool transient = false) => new(null, OperationOutcome.Failure($"{HttpGatewayProvider.Name}: {error}", transient));

    private static string? Read(string text, string property)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A problem body's detail (RFC 9457), else the body's start.</summary>
    private static string Detail(string text) => Read(text, "detail") ?? Shorten(text);

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
