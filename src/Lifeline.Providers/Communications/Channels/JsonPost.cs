using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Lifeline.Core.Providers;

namespace Lifeline.Providers.Communications.Channels;

/// <summary>
/// Posts a JSON body to a channel's HTTP endpoint. Unreachable servers, timeouts, 429 and 5xx are transient failures
/// naming the server in one line; other 4xx answers are permanent (the request itself is wrong).
/// </summary>
internal static class JsonPost
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task<OperationOutcome> SendAsync(string channel, Uri url, string json, CancellationToken cancellationToken)
    {
        var server = url.GetLeftPart(UriPartial.Authority);
        using var handler = new SocketsHttpHandler { ConnectTimeout = Timeout, PooledConnectionLifetime = TimeSpan.Zero, UseProxy = false };
        using var client = new HttpClient(handler) { Timeout = Timeout };
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        try
        {
            using var response = await client.PostAsync(url, content, cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return OperationOutcome.Success(new Dictionary<string, string>
                {
                    ["delivered"] = "true",
                    ["status"] = status.ToString(CultureInfo.InvariantCulture),
                });
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var detail = OneLine(body, 200);
            return OperationOutcome.Failure(
                $"{channel}: {server} answered {status} {response.ReasonPhrase}{(detail.Length > 0 ? ": " + detail : "")}",
                transient: status >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or SocketException && !cancellationToken.IsCancellationRequested)
        {
            var why = ex is TaskCanceledException ? $"no answer within {Timeout.TotalSeconds:0}s" : OneLine(ex.Message, 200);
            return OperationOutcome.Failure($"{channel}: could not reach {server}: {why}", transient: true);
        }
    }

    public static string OneLine(string text, int max)
    {
        var line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length > max ? line[..max] + "…" : line;
    }
}
