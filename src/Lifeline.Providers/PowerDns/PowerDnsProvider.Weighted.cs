using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using DnsClient;
using Lifeline.Core.Providers;
using Lifeline.Providers.Inputs;

namespace Lifeline.Providers.PowerDns;

internal sealed partial class PowerDnsProvider
{
    private const string WeightsLabel = "_lifeline-weights";
    private static readonly TimeSpan WeightedVerifyFor = TimeSpan.FromSeconds(30);
    private const int WeightedSamples = 20;

    /// <summary>
    /// Route 53 weighted records (set-id and weight) as PowerDNS can serve them: one LUA record whose
    /// <c>pickwrandom</c> answers each query with one address, picked in proportion to its set's weight (split evenly
    /// among the set's addresses). The sets live in a TXT record beside the name (<c>_lifeline-weights.NAME</c>), so each
    /// upsert changes one set and keeps the others, as Route 53's record sets do; the plain A records of the name are
    /// removed, and a later plain upsert removes the LUA record again. Weight 0 takes a set out of the answers; when every
    /// weight is 0 all sets answer equally, as Route 53 does. Verified by asking the authoritative server repeatedly: every
    /// answer must belong to a set with weight.
    /// </summary>
    private async Task<OperationOutcome> UpsertWeightedAsync(PowerDnsTarget target, OperationRequest request, CancellationToken cancellationToken)
    {
        var inputs = new InputReader("powerdns", "input", request.Inputs);
        var name = target.Qualify(inputs.Required("name"));
        var type = inputs.Text("type", "A").ToUpperInvariant();
        var ttl = inputs.Integer("ttl", 60, 0, 604800);
        var setId = inputs.Required("set-id");
        var weight = inputs.Integer("weight", 0, 0, 255);
        var values = inputs.Required("content").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (type != "A")
        {
            inputs.Fail("powerdns: weighted records are served for type A only");
        }

        ValidateContent(inputs, "A", values);
        if (inputs.Error is null && (setId.Length == 0 || setId.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))))
        {
            inputs.Fail($"powerdns: input 'set-id' must be letters, digits, - and _, not '{setId}'");
        }

        if (inputs.Error is { } error)
        {
            return OperationOutcome.Failure(error);
        }

        var weightsName = $"{WeightsLabel}.{name}";
        var stored = await AuthoritativeQuery.AskAsync(target.Dns, weightsName, QueryType.TXT, cancellationToken);
        var sets = ParseSets(stored.Values);
        sets[setId] = (weight, values.Distinct().Order(StringComparer.Ordinal).ToList());
        var served = sets.Values.Any(s => s.Weight > 0) ? sets.Where(s => s.Value.Weight > 0).ToList() : [.. sets];
        var picks = served.SelectMany(s => s.Value.Addresses.Select(a => (Weight: Math.Max(1, s.Value.Weight * 1000 / s.Value.Addresses.Count), Address: a))).ToList();
        var lua = $"A \"pickwrandom({{{string.Join(", ", picks.Select(p => $"{{{p.Weight.ToString(CultureInfo.InvariantCulture)}, '{p.Address}'}}"))}}})\"";
        var txt = "\"" + string.Join(';', sets.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value.Weight.ToString(CultureInfo.InvariantCulture)}={string.Join(',', s.Value.Addresses)}")) + "\"";
        var patchError = await PatchRrsetsAsync(
            target,
            [Replace(weightsName, "TXT", ttl, [txt]), Replace(name, "LUA", ttl, [lua]), Delete(name, "A")],
            $"{name} weighted",
            cancellationToken);
        if (patchError is not null)
        {
            return patchError;
        }

        var expected = served.SelectMany(s => s.Value.Addresses).ToHashSet(StringComparer.Ordinal);
        var log = request.Context.Log;
        log.Write($"PowerDNS: {name} weighted (LUA pickwrandom) {string.Join("; ", sets.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} weight {s.Value.Weight}: {string.Join(',', s.Value.Addresses)}"))}; verifying at {target.DnsText}");
        var deadline = time.GetUtcNow() + WeightedVerifyFor;
        var good = 0;
        var lastSeen = "";
        while (good < WeightedSamples)
        {
            var answer = await AuthoritativeQuery.AskAsync(target.Dns, name, QueryType.A, cancellationToken);
            if (answer.Answered && answer.Values.Count > 0 && answer.Values.All(expected.Contains))
            {
                good++;
                continue;
            }

            good = 0;
            var seen = answer.Answered ? $"{answer.ResponseCode} {answer.ValuesText}" : answer.ResponseCode;
            if (seen != lastSeen)
            {
                log.Write($"DNS at {target.DnsText} answers {name} A: {seen}; waiting for answers among {string.Join(',', expected.Order(StringComparer.Ordinal))}");
                lastSeen = seen;
            }

            if (time.GetUtcNow() > deadline)
            {
                return OperationOutcome.Failure($"powerdns: {name} still answers {seen} {WeightedVerifyFor.TotalSeconds:0} s after the weighted change; expected only {string.Join(',', expected.Order(StringComparer.Ordinal))}", transient: true);
            }

            await Task.Delay(VerifyPoll, time, cancellationToken);
        }

        return OperationOutcome.Success(new Dictionary<string, string>
        {
            ["name"] = name,
            ["content"] = string.Join(',', values),
            ["verified"] = "true",
        });
    }

    private static Dictionary<string, (int Weight, List<string> Addresses)> ParseSets(IEnumerable<string> texts)
    {
        var sets = new Dictionary<string, (int Weight, List<string> Addresses)>(StringComparer.Ordinal);
        foreach (var entry in texts.SelectMany(t => t.Trim('"').Split(';', StringSplitOptions.RemoveEmptyEntries)))
        {
            if (entry.Split('=') is [var set, var weight, var addresses] && int.TryParse(weight, NumberStyles.None, CultureInfo.InvariantCulture, out var w))
            {
                sets[set] = (w, [.. addresses.Split(',', StringSplitOptions.RemoveEmptyEntries)]);
            }
        }

        return sets;
    }

    private static JsonObject Replace(string name, string type, int ttl, IEnumerable<string> contents) => new()
    {
        ["name"] = name,
        ["type"] = type,
        ["ttl"] = ttl,
        ["changetype"] = "REPLACE",
        ["records"] = new JsonArray([.. contents.Select(c => (JsonNode)new JsonObject { ["content"] = c, ["disabled"] = false })]),
    };

    private static JsonObject Delete(string name, string type) => new() { ["name"] = name, ["type"] = type, ["changetype"] = "DELETE" };

    private static async Task<OperationOutcome?> PatchRrsetsAsync(PowerDnsTarget target, IReadOnlyList<JsonObject> rrsets, string what, CancellationToken cancellationToken)
    {
        var gate = ZoneLocks.GetOrAdd(target.ZoneUrl.ToString(), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await SendRrsetsAsync(target, rrsets, what, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>One PATCH of several record sets; the caller holds the zone's lock.</summary>
    private static async Task<OperationOutcome?> SendRrsetsAsync(PowerDnsTarget target, IReadOnlyList<JsonObject> rrsets, string what, CancellationToken cancellationToken)
    {
        try
        {
            var body = new JsonObject { ["rrsets"] = new JsonArray([.. rrsets]) };
            using var message = new HttpRequestMessage(HttpMethod.Patch, target.ZoneUrl) { Content = JsonContent.Create(body) };
            message.Headers.Add("X-API-Key", target.ApiKey);
            using var response = await Http.SendAsync(message, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }

            var status = (int)response.StatusCode;
            return OperationOutcome.Failure($"PowerDNS API at {target.Api} refused the change to {what}: HTTP {status} {ErrorText(await response.Content.ReadAsStringAsync(cancellationToken))}".TrimEnd(), transient: status >= 500);
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
}
