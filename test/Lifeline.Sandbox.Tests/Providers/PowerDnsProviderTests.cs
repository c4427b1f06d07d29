using Lifeline.Providers.PowerDns;

namespace Lifeline.Sandbox.Tests.Providers;

public sealed class PowerDnsProviderTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private readonly PowerDnsProvider _provider = new(TimeProvider.System);
    private readonly TestStep _step = new();

    private IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["api"] = sandbox.Variables["LIFELINE_SANDBOX_PDNS_API"],
        ["api-key"] = sandbox.Variables["LIFELINE_SECRET_SANDBOX_PDNS_API_KEY"],
        ["zone"] = sandbox.Variables["LIFELINE_SANDBOX_PDNS_ZONE"],
        ["dns"] = sandbox.Variables["LIFELINE_SANDBOX_PDNS_DNS"],
    };

    [Fact]
    public async Task Upsert_DrAddresses_VerifiedByAuthoritativeQuery()
    {
        // When portal is pointed at the DR site's two instances
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var upsert = await _provider.ExecuteAsync(
            _step.Operation("dns.upsert", Settings, new Dictionary<string, string> { ["name"] = "portal", ["content"] = "127.0.2.11, 127.0.2.10" }), timeout.Token);

        // Then the change is verified and a probe sees it
        Assert.True(upsert.Succeeded, upsert.Error);
        Assert.Equal("portal.axis.sandbox.", upsert.Outputs["name"]);
        Assert.Equal("127.0.2.10,127.0.2.11", upsert.Outputs["content"]);
        var resolve = await _provider.ProbeAsync(_step.Probe("dns.resolve", Settings, new Dictionary<string, string> { ["name"] = "portal.axis.sandbox." }), CancellationToken.None);
        Assert.Equal("127.0.2.10,127.0.2.11", resolve.Fields["answer"]);
        Assert.Equal("60", resolve.Fields["ttl"]);
        Assert.Equal("NOERROR", resolve.Fields["rcode"]);
    }

    [Fact]
    public async Task Resolve_MissingName_NxDomain()
    {
        var resolve = await _provider.ProbeAsync(_step.Probe("dns.resolve", Settings, new Dictionary<string, string> { ["name"] = "nothing-here" }), CancellationToken.None);

        Assert.Equal("", resolve.Fields["answer"]);
        Assert.Equal("NXDOMAIN", resolve.Fields["rcode"]);
    }

    [Fact]
    public async Task Upsert_WrongApiKey_FailsNamingTheServer()
    {
        var settings = new Dictionary<string, string>(Settings) { ["api-key"] = "wrong" };

        var upsert = await _provider.ExecuteAsync(
            _step.Operation("dns.upsert", settings, new Dictionary<string, string> { ["name"] = "api", ["content"] = "127.0.2.10" }), CancellationToken.None);

        Assert.False(upsert.Succeeded);
        Assert.StartsWith($"PowerDNS API at {sandbox.Variables["LIFELINE_SANDBOX_PDNS_API"]}/ refused the change to api.axis.sandbox. A: HTTP 401", upsert.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upsert_NotAnAddress_OneClearFailure()
    {
        var upsert = await _provider.ExecuteAsync(
            _step.Operation("dns.upsert", Settings, new Dictionary<string, string> { ["name"] = "api", ["content"] = "127.0.2.10,portal" }), CancellationToken.None);

        Assert.Equal("powerdns: input 'content' has 'portal', which is not an IPv4 address", upsert.Error);
    }
}
