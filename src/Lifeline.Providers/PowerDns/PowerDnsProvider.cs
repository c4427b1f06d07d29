using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using DnsClient;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Inputs;

namespace Lifeline.Providers.PowerDns;

/// <summary>
/// PowerDNS authoritative server: record sets changed through its HTTP API and verified by asking its DNS listener
/// directly (a change counts only once the server answers it).
/// </summary>
internal sealed partial class PowerDnsProvider(TimeProvider time) : IProvider
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2), PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    {
        Timeout = TimeSpan.FromSeconds(10),
    };

    private static readonly TimeSpan VerifyPoll = TimeSpan.FromMilliseconds(100);

    public ProviderDescriptor Descriptor { get; } = new(
        "powerdns",
        "PowerDNS authoritative server: record sets through the HTTP API, verified by an authoritative query.",
        [Operations.Dns.Upsert],
        [Operations.Dns.Resolve],
        [
            SettingDescriptor.Required("api", "Base URL of the PowerDNS HTTP API."),
            SettingDescriptor.Required("api-key", "Its API key (usually ${{ secrets.X }})."),
            SettingDescriptor.Required("zone", "The zone the records live in."),
            SettingDescriptor.Required("dns", "host:port of the authoritative DNS listener, for verification."),
            SettingDescriptor.Optional("server", "PowerDNS server id (default localhost)."),
        ]);

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation != Operations.Dns.Upsert.Name)
        {
            return OperationOutcome.Failure($"powerdns does not offer operation '{request.Operation}'");
        }

        var target = PowerDnsTarget.Read(request.Settings, out var settingsError);
        if (target is null)
        {
            return OperationOutcome.Failure(settingsError!);
        }

        // Route 53's routing inputs that change who gets which answer would be silently ignored here, and a rehearsal must
        // not pretend it tested them: health checks and secondary records are refused. The primary record of a failover
        // pair (alias or not) is what every resolver gets while it is active, so it is served as a plain record with the
        // same answer (ADR 0029); weighted sets are served in proportion by a LUA record (ADR 0034).
        var refused = ((string[])["health-check"]).FirstOrDefault(request.Inputs.ContainsKey)
            ?? (request.Inputs.TryGetValue("failover", out var failover) && !string.Equals(failover.Trim(), "primary", StringComparison.OrdinalIgnoreCase) ? "failover" : null);
        if (refused is { } routing)
        {
            return OperationOutcome.Failure($"powerdns: input '{routing}' is Route 53 routing (health-checked or a secondary failover record); powerdns serves plain records, the primary of a failover pair and weighted sets only");
        }

        if (request.Inputs.ContainsKey("weight"))
        {
            return await UpsertWeightedAsync(target, request, cancellationToken);
        }

        if (((string[])["alias-zone", "evaluate-health", "set-id", "failover"]).Where(request.Inputs.ContainsKey).ToList() is { Count: > 0 } served)
        {
            request.Context.Log.Write($"powerdns: {string.Join(", ", served)} served as a plain record: the answer the active failover record gives");
        }

        var inputs = new InputReader("powerdns", "input", request.Inputs);
        var name = target.Qualify(inputs.Required("name"));
        var type = inputs.Text("type", "A").ToUpperInvariant();
        var ttl = inputs.Integer("ttl", 60, 0, 604800);
        var values = (inputs.Required("content")).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var queryType = ParseType(inputs, type);
        ValidateContent(inputs, type, values);
        if (inputs.Error is { } error)
        {
            return OperationOutcome.Failure(error);
        }

        if (type == "CNAME")
        {
            values = [.. values.Select(v => v.EndsWith('.') ? v : v + ".")];
        }

        var expected = values.Select(v => type == "CNAME" ? v.ToLowerInvariant() : v).Distinct().Order(StringComparer.Ordinal).ToList();
        var patchError = await PatchAsync(target, name, type, ttl, expected, cancellationToken);
        if (patchError is not null)
        {
            return patchError;
        }

        var log = request.Context.Log;
        log.Write($"PowerDNS: {name} {type} {ttl} -> {string.Join(',', expected)}; verifying at {target.DnsText}");
        var lastSeen = "";
        while (true)
        {
            var answer = await AuthoritativeQuery.AskAsync(target.Dns, name, queryType, cancellationToken);
            var seen = answer.Answered ? $"{answer.ResponseCode} {answer.ValuesText}" : answer.ResponseCode;
            if (answer.Answered && answer.Values.Select(v => v.ToLowerInvariant()).SequenceEqual(expected))
            {
                return OperationOutcome.Success(new Dictionary<string, string>
                {
                    ["name"] = name,
                    ["content"] = string.Join(',', expected),
                    ["verified"] = "true",
                });
            }

            if (seen != lastSeen)
            {
                log.Write($"DNS at {target.DnsText} answers {name} {type}: {seen}; waiting for {string.Join(',', expected)}");
                lastSeen = seen;
            }

            await Task.Delay(VerifyPoll, time, cancellationToken);
        }
    }

    public async ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        if (request.Probe != Operations.Dns.Resolve.Name)
        {
            return ProbeOutcome.Invalid($"powerdns does not offer probe '{request.Probe}'");
        }

        var target = PowerDnsTarget.Read(request.Settings, out var settingsError);
        if (target is null)
        {
            return ProbeOutcome.Invalid(settingsError!);
        }

        var inputs = new InputReader("powerdns", "input", request.Inputs);
        var name = target.Qualify(inputs.Required("name"));
        var queryType = ParseType(inputs, inputs.Text("type", "A").ToUpperInvariant());
        if (inputs.Error is { } error)
        {
            return ProbeOutcome.Invalid(error);
        }

        var answer = await AuthoritativeQuery.AskAsync(target.Dns, name, queryType, cancellationToken);
        return ProbeOutcome.Observed(new Dictionary<string, string>
        {
            ["answer"] = answer.ValuesText,
            ["ttl"] = answer.Ttl?.ToString(CultureInfo.InvariantCulture) ?? "",
            ["rcode"] = answer.ResponseCode,
        });
    }

    private static QueryType ParseType(InputReader inputs, string type) => type switch
    {
        "A" => QueryType.A,
        "AAAA" => QueryType.AAAA,
        "CNAME" => QueryType.CNAME,
        _ => inputs.Fail<QueryType>($"powerdns: input 'type' must be A, AAAA or CNAME, not '{type}'"),
    };

    private static void ValidateContent(InputReader inputs, string type, IReadOnlyList<string> values)
    {
        if (inputs.Error is not null)
        {
            return;
        }

        if (values.Count == 0)
        {
            inputs.Fail("powerdns: input 'content' has no values");
        }
        else if (type == "CNAME" && values.Count > 1)
        {
            inputs.Fail("powerdns: a CNAME record takes one target name, not several");
        }
        else if (type is "A" or "AAAA")
        {
            var family = type == "A" ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
            foreach (var value in values.Where(v => !IPAddress.TryParse(v, out var ip) || ip.AddressFamily != family))
            {
                inputs.Fail($"powerdns: input 'content' has '{value}', which is not an IPv{(type == "A" ? 4 : 6)} address");
            }
        }
    }

    /// <summary>
    /// One change per zone at a time: PowerDNS's SQLite backend answers 500 to concurrent writes, and two DNS steps of
    /// one phase (portal and api) run in parallel.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> ZoneLocks = new(StringComparer.Ordinal);

    private static async Task<OperationOutcome?> PatchAsync(PowerDnsTarget target, string name, string type, int ttl, IReadOnlyList<string> values, CancellationToken cancellationToken)
    {
        var gate = ZoneLocks.GetOrAdd(target.ZoneUrl.ToString(), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await PatchOnceAsync(target, name, type, ttl, values, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task<OperationOutcome?> PatchOnceAsync(PowerDnsTarget target, string name, string type, int ttl, IReadOnlyList<string> values, CancellationToken cancellationToken)
    {
        var body = new
        {
            rrsets = new[]
            {
                new
                {
                    name,
                    type,
                    ttl,
                    changetype = "REPLACE",
                    records = values.Select(v => new { content = v, disabled = false }).ToArray(),
                },
            },
        };
        if (type is "A" or "AAAA")
        {
            // A plain answer replaces weighted sets of the name (served by a LUA record beside it), as a simple record
            // replaces a weighted one in Route 53.
            return await SendRrsetsAsync(target, [Replace(name, type, ttl, values), Delete(name, "LUA"), Delete($"{WeightsLabel}.{name}", "TXT")], $"{name} {type}", cancellationToken);
        }

        if (type == "CNAME")
        {
            // A CNAME is the name's only record: it replaces the addresses and weighted sets there, as moving a Route 53
            // name from an A record to a CNAME does; PowerDNS refuses a CNAME beside other data.
            return await SendRrsetsAsync(target, [Delete(name, "A"), Delete(name, "AAAA"), Delete(name, "LUA"), Delete($"{WeightsLabel}.{name}", "TXT"), Replace(name, type, ttl, values)], $"{name} {type}", cancellationToken);
        }

        using var message = new HttpRequestMessage(HttpMethod.Patch, target.ZoneUrl) { Content = JsonContent.Create(body) };
        message.Headers.Add("X-API-Key", target.ApiKey);
        try
        {
            using var response = await Http.SendAsync(message, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var detail = ErrorText(text);
            var status = (int)response.StatusCode;
            return OperationOutcome.Failure($"PowerDNS API at {target.Api} refused the change to {name} {type}: HTTP {status} {detail}".TrimEnd(), transient: status >= 500);
        }
        catch (HttpRequestException exception)
        {
            var reason = exception.InnerException is SocketException socket && socket.SocketErrorCode == SocketError.ConnectionRefused ? "connection refused" : exception.Message;
            return OperationOutcome.Failure($"PowerDNS API at {target.Api} is unreachable: {reason}", transient: true);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return OperationOutcome.Failure($"PowerDNS API at {target.Api} is unreachable: no answer within 10 s", transient: true);
        }
    }

    private static string ErrorText(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["error"]?.GetValue<string>() ?? body;
        }
        catch (JsonException)
        {
            return body.Length > 200 ? body[..200] : body;
        }
    }
}
