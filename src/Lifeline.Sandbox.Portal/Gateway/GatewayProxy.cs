using System.Net.Sockets;

namespace Lifeline.Sandbox.Portal.Gateway;

/// <summary>
/// Forwards one request (method, path and query, headers, body) to the integration's function and streams its answer
/// back; a function that does not answer is a 502 naming the integration, as API Gateway answers when its backend fails.
/// </summary>
internal sealed class GatewayProxy(GatewayRoutes routes, GatewayIntegration integration)
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionLifetime = TimeSpan.FromSeconds(30),
        AllowAutoRedirect = false,
        UseCookies = false,
    })
    {
        Timeout = TimeSpan.FromSeconds(29),
    };

    // Hop-by-hop headers are the connection's, not the message's (RFC 9110 7.6.1); Host is the target's.
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

    public async Task ForwardAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        var current = await integration.CurrentAsync(ct);
        var (target, error) = routes.Resolve(current);
        if (target is null)
        {
            await Problem(context, $"the integration {current} has no target: {error}");
            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(target, context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent()));
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(context.Request.Body);
        }

        foreach (var (name, values) in context.Request.Headers.Where(h => !NotForwarded.Contains(h.Key)))
        {
            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        try
        {
            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers).Where(h => !NotForwarded.Contains(h.Key)))
            {
                context.Response.Headers[name] = values.ToArray();
            }

            await response.Content.CopyToAsync(context.Response.Body, ct);
        }
        catch (HttpRequestException exception)
        {
            var reason = exception.InnerException is SocketException socket ? socket.SocketErrorCode.ToString() : exception.Message;
            await Problem(context, $"the integration {current} ({target}) does not answer: {reason}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            await Problem(context, $"the integration {current} ({target}) does not answer within {Http.Timeout.TotalSeconds:0} s");
        }
    }

    private static Task Problem(HttpContext context, string detail) =>
        context.Response.HasStarted
            ? Task.CompletedTask
            : TypedResults.Problem(detail, statusCode: StatusCodes.Status502BadGateway, title: "Bad gateway").ExecuteAsync(context);
}
