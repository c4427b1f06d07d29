using System.Globalization;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Inputs;
using Lifeline.Providers.Tools;

namespace Lifeline.Providers.Nftables;

/// <summary>
/// A host's ingress firewall in nftables: one table, one input chain, and firewall.revoke-ingress closes a port to the
/// addresses the host serves on by a reject rule (TCP reset: a client fails at once rather than hanging), then reads the
/// chain back to check the rule is there. Everything it adds lives in its own table, which whoever owns the host removes.
/// </summary>
internal sealed class NftablesProvider : IProvider
{
    public const string Name = "nftables";
    private const string Nft = "nft";
    private const string RuleMarker = "lifeline-revoke";

    public ProviderDescriptor Descriptor { get; } = new(
        Name,
        "A host ingress firewall in nftables (needs nft and root): revoke-ingress adds a reject rule for the port to the guarded addresses and reads it back.",
        [Operations.Firewall.RevokeIngress],
        [],
        [
            SettingDescriptor.Required("table", "The inet table the rules live in (created when missing; unique to this host's estate)."),
            SettingDescriptor.Optional("chain", "The input chain (default ingress)."),
            SettingDescriptor.Required("destination", "The addresses the host serves on, as an address or CIDR block (e.g. 127.0.1.0/24)."),
            SettingDescriptor.Optional("ports", "Where a port is served on another one (a port forward): PUBLIC=LOCAL pairs, e.g. 443=18443;80=18080."),
            SettingDescriptor.Optional("admit", "Sources another rule keeps admitting, as an address or CIDR block (a management network, the load balancer's health checks): a revoke never rejects them, as revoking 0.0.0.0/0 from a security group leaves its other rules."),
        ]);

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation != Operations.Firewall.RevokeIngress.Name)
        {
            return OperationOutcome.Failure($"{Name} does not offer operation '{request.Operation}'");
        }

        var settings = new InputReader(Name, "setting", request.Settings);
        var table = settings.Required("table");
        var chain = settings.Text("chain", "ingress");
        var destination = settings.Required("destination");
        var forwards = settings.Pairs("ports");
        var admit = settings.Optional("admit");
        var inputs = new InputReader(Name, "input", request.Inputs);
        var port = inputs.RequiredInteger("port", 1, 65535);
        var protocol = inputs.Text("protocol", "tcp").ToLowerInvariant();
        var cidr = inputs.Optional("cidr");
        if ((settings.Error ?? inputs.Error) is { } error)
        {
            return OperationOutcome.Failure(error);
        }

        // Settings and inputs become nft script text: only names and addresses, nothing that could start another command.
        var invalid = Invalid(table, IsName, "setting 'table'", "letters, digits and _") ?? Invalid(chain, IsName, "setting 'chain'", "letters, digits and _")
            ?? Invalid(destination, IsAddress, "setting 'destination'", "an address or CIDR block") ?? (cidr is null ? null : Invalid(cidr, IsAddress, "input 'cidr'", "an address or CIDR block"))
            ?? (admit is null ? null : Invalid(admit, IsAddress, "setting 'admit'", "an address or CIDR block"));
        if (invalid is not null)
        {
            return OperationOutcome.Failure(invalid);
        }

        if (request.Inputs.ContainsKey("source-group"))
        {
            return OperationOutcome.Failure($"{Name}: a host firewall has no security groups; give cidr instead of source-group");
        }

        if (protocol is not ("tcp" or "udp"))
        {
            return OperationOutcome.Failure($"{Name}: input 'protocol' must be tcp or udp, not '{protocol}'");
        }

        var served = port;
        if (forwards.TryGetValue(port.ToString(CultureInfo.InvariantCulture), out var local)
            && !int.TryParse(local, NumberStyles.None, CultureInfo.InvariantCulture, out served))
        {
            return OperationOutcome.Failure($"{Name}: setting 'ports' maps {port.ToString(CultureInfo.InvariantCulture)} to '{local}'; expected a port number");
        }

        var source = (cidr is null or "0.0.0.0/0" or "::/0" ? "" : $" {Family(cidr)} saddr {cidr}") + (admit is null ? "" : $" {Family(admit)} saddr != {admit}");
        var marker = $"{RuleMarker} {protocol}/{port.ToString(CultureInfo.InvariantCulture)} from {cidr ?? "0.0.0.0/0"}";
        var log = request.Context.Log;
        var before = await ListChainAsync(table, chain, cancellationToken);
        if (before.ExitCode == ToolProcess.NotFound)
        {
            return OperationOutcome.Failure($"{Name}: nft not found; apt-get install -y nftables (and run as root)");
        }

        var wasOpen = !before.Output.Contains(marker, StringComparison.Ordinal);
        if (wasOpen)
        {
            var reject = protocol == "tcp" ? "reject with tcp reset" : "reject";
            var script =
                $"add table inet {table}\n" +
                $"add chain inet {table} {chain} {{ type filter hook input priority 0; policy accept; }}\n" +
                $"add rule inet {table} {chain} {Family(destination)} daddr {destination}{source} {protocol} dport {served.ToString(CultureInfo.InvariantCulture)} {reject} comment \"{marker}\"\n";
            var applied = await ApplyAsync(script, cancellationToken);
            if (applied is not null)
            {
                return OperationOutcome.Failure($"{Name}: {applied}");
            }

            log.Write($"nft: {protocol}/{port.ToString(CultureInfo.InvariantCulture)} (served on {served.ToString(CultureInfo.InvariantCulture)}) to {destination} from {cidr ?? "anywhere"} now rejected in inet {table} {chain}");
        }
        else
        {
            log.Write($"nft: {protocol}/{port.ToString(CultureInfo.InvariantCulture)} to {destination} was already rejected in inet {table} {chain}");
        }

        var after = await ListChainAsync(table, chain, cancellationToken);
        var verified = after.ExitCode == 0 && after.Output.Contains(marker, StringComparison.Ordinal);
        return verified
            ? OperationOutcome.Success(new Dictionary<string, string> { ["revoked"] = "true", ["was_present"] = wasOpen ? "true" : "false", ["verified"] = "true" })
            : OperationOutcome.Failure($"{Name}: the reject rule for {protocol}/{port.ToString(CultureInfo.InvariantCulture)} is not in inet {table} {chain} after adding it: {ToolProcess.LastLine(after.Output)}");
    }

    public ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProbeOutcome.Invalid($"{Name} does not offer probe '{request.Probe}'"));

    private static string? Invalid(string value, Func<char, bool> allowed, string what, string expected) =>
        value.Length > 0 && value.Length <= 64 && value.All(allowed) ? null : $"{Name}: {what} must be {expected}, not '{value}'";

    private static bool IsName(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static bool IsAddress(char c) => char.IsAsciiHexDigit(c) || c is '.' or ':' or '/';

    private static string Family(string address) => address.Contains(':', StringComparison.Ordinal) ? "ip6" : "ip";

    private static Task<(int ExitCode, string Output)> ListChainAsync(string table, string chain, CancellationToken cancellationToken) =>
        ToolProcess.RunAsync(Nft, ["list", "chain", "inet", table, chain], null, cancellationToken);

    private static async Task<string?> ApplyAsync(string script, CancellationToken cancellationToken)
    {
        var file = Path.Combine(Path.GetTempPath(), $"lifeline-nft-{Guid.NewGuid():N}.nft");
        await File.WriteAllTextAsync(file, script, cancellationToken);
        try
        {
            var (exitCode, output) = await ToolProcess.RunAsync(Nft, ["-f", file], null, cancellationToken);
            return exitCode == 0 ? null : $"nft -f failed ({exitCode.ToString(CultureInfo.InvariantCulture)}): {ToolProcess.LastLine(output)}";
        }
        finally
        {
            File.Delete(file);
        }
    }
}
