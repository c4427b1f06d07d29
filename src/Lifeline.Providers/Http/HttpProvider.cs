using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DnsClient;
using Lifeline.Core.Providers;
using Lifeline.Core.Time;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Certificates;

namespace Lifeline.Providers.Http;

/// <summary>
/// The runbooks' curl checks. With a <c>dns-server</c> setting, host names are resolved at that server (the sandbox's
/// PowerDNS) rather than the system resolver, so checks go where real clients would. With a <c>ca-file</c> setting, an https
/// server's certificate must chain to that CA (a private CA) rather than to the system's roots.
/// </summary>
internal sealed partial class HttpProvider(TimeProvider? time = null) : IProvider
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private const int MaxBody = 2048;
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public ProviderDescriptor Descriptor { get; } = new(
        "http",
        "HTTP endpoints: status, body and latency.",
        Operations.Http.Capability.Operations,
        Operations.Http.Capability.Probes,
        [
            SettingDescriptor.Optional("url", "Base URL; a step without a url input needs it."),
            SettingDescriptor.Optional("dns-server", "host:port of the DNS server that resolves the URL's host (default: the system resolver)."),
            SettingDescriptor.Optional(CaFileSetting, "PEM file of the CA an https server's certificate must chain to (default: the system's roots)."),
        ]);

    public async ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        var (uri, error) = Url(request.Settings, request.Inputs);
        if (uri is null)
        {
            return ProbeOutcome.Invalid(error!);
        }

        if (request.Probe == Operations.Http.Load.Name)
        {
            return await LoadAsync(uri, request.Settings, request.Inputs, cancellationToken);
        }

        var response = await SendAsync(uri, request.Settings, request.Inputs, cancellationToken);
        return ProbeOutcome.Observed(response);
    }

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        var (uri, error) = Url(request.Settings, request.Inputs);
        if (uri is null)
        {
            return OperationOutcome.Failure(error!);
        }

        var response = await SendAsync(uri, request.Settings, request.Inputs, cancellationToken);
        if (response["reachable"] != "true")
        {
            return OperationOutcome.Failure($"{uri} is unreachable: {response["error"]}", transient: true);
        }

        var status = int.Parse(response["status"], CultureInfo.InvariantCulture);
        var expected = request.Inputs.GetValueOrDefault("expect-status");
        var ok = expected is null ? status is >= 200 and < 300 : expected == response["status"];
        return ok
            ? OperationOutcome.Success(response)
            : new OperationOutcome(false, response, $"{uri} answered {status}{(expected is null ? "" : $"; expected {expected}")}", status >= 500);
    }

    private static (Uri? Uri, string? Error) Url(IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string> inputs)
    {
        var text = inputs.GetValueOrDefault("url") ?? settings.GetValueOrDefault("url");
        if (text is null)
        {
            return (null, "no url: give the step a `url` input or bind its target with a `url` setting");
        }

        text = text.TrimEnd('/') + (inputs.GetValueOrDefault("path") ?? "");
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? (uri, null)
            : (null, $"'{text}' is not an http(s) URL");
    }

    private static async Task<Dictionary<string, string>> SendAsync(Uri uri, IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string> inputs, CancellationToken cancellationToken)
    {
        var timeout = DurationText.TryParse(inputs.GetValueOrDefault("timeout"), out var t) ? t : DefaultTimeout;
        using var handler = Handler(settings, timeout, pooled: false);
        using var client = new HttpClient(handler) { Timeout = timeout };
        var method = new HttpMethod((inputs.GetValueOrDefault("method") ?? "GET").ToUpperInvariant());
        using var message = new HttpRequestMessage(method, uri);
        if (inputs.GetValueOrDefault("body") is { } body)
        {
            message.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var stopwatch = Stopwatch.StartNew();
        try
        {
            using var response = await client.SendAsync(message, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return new Dictionary<string, string>
            {
                ["reachable"] = "true",
                ["status"] = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture),
                ["latency_ms"] = stopwatch.ElapsedMilliseconds.ToString(CultureInfo.InvariantCulture),
                ["body"] = text.Length > MaxBody ? text[..MaxBody] : text,
                ["error"] = "",
            };
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or SocketException && !cancellationToken.IsCancellationRequested)
        {
            return new Dictionary<string, string>
            {
                ["reachable"] = "false",
                ["status"] = "0",
                ["latency_ms"] = stopwatch.ElapsedMilliseconds.ToString(CultureInfo.InvariantCulture),
                ["body"] = "",
                ["error"] = ex is TaskCanceledException ? $"no answer within {DurationText.Format(timeout)}" : ex.Message,
            };
        }
    }

    private static SocketsHttpHandler Handler(IReadOnlyDictionary<string, string> settings, TimeSpan timeout, bool pooled)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = timeout, UseProxy = false };
        if (!pooled)
        {
            handler.PooledConnectionLifetime = TimeSpan.Zero;
        }

        if (settings.GetValueOrDefault("dns-server") is { } dnsServer && IPEndPoint.TryParse(dnsServer, out var server))
        {
            handler.ConnectCallback = (context, ct) => ConnectViaAsync(server, context.DnsEndPoint, ct);
        }

        if (settings.GetValueOrDefault(CaFileSetting) is { Length: > 0 } caFile)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = PrivateCa.Validator(caFile);
        }

        return handler;
    }

    private static async ValueTask<Stream> ConnectViaAsync(IPEndPoint dnsServer, DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(endpoint.Host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            var lookup = new LookupClient(new LookupClientOptions(dnsServer) { UseCache = false, Timeout = TimeSpan.FromSeconds(2), Retries = 1 });
            var answer = await lookup.QueryAsync(endpoint.Host, QueryType.A, cancellationToken: cancellationToken);
            addresses = [.. answer.Answers.ARecords().Select(a => a.Address)];
            if (addresses.Length == 0)
            {
                throw new HttpRequestException($"{endpoint.Host} has no A record at {dnsServer}");
            }
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
