using Lifeline.Providers.Http;

namespace Lifeline.Sandbox.Tests.Portal;

/// <summary>
/// The sandbox portal's HTTPS port, served with a certificate from the CA the sandbox generated: trusted by a client given
/// that CA (the runbook's <c>curl -I https://portal…</c>), and by no client relying on the system's roots.
/// </summary>
public sealed class PortalTlsTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task HttpGet_HttpsWithSandboxCa_AnswersHealthy()
    {
        // Given the primary portal's https URL and the sandbox CA
        var step = new TestStep();
        var settings = new Dictionary<string, string>
        {
            ["url"] = sandbox.Variables["LIFELINE_SANDBOX_PORTAL_PRIMARY_HTTPS_URL"],
            ["ca-file"] = sandbox.Variables["LIFELINE_SANDBOX_PORTAL_CA_FILE"],
        };

        // When /health is requested over HTTPS
        var outcome = await new HttpProvider().ProbeAsync(step.Probe("http.get", settings, new Dictionary<string, string> { ["path"] = "/health" }), CancellationToken.None);

        // Then the portal answers through a verified TLS connection
        Assert.StartsWith("https://", settings["url"], StringComparison.Ordinal);
        Assert.True(outcome.Fields["reachable"] == "true", outcome.Fields["error"]);
        Assert.Equal("200", outcome.Fields["status"]);
    }

    [Fact]
    public async Task HttpGet_HttpsWithoutSandboxCa_IsRefused()
    {
        // Given the same URL, but a client that trusts only the system's roots
        var step = new TestStep();
        var settings = new Dictionary<string, string> { ["url"] = sandbox.Variables["LIFELINE_SANDBOX_PORTAL_PRIMARY_HTTPS_URL"] };

        // When /health is requested
        var outcome = await new HttpProvider().ProbeAsync(step.Probe("http.get", settings, new Dictionary<string, string> { ["path"] = "/health" }), CancellationToken.None);

        // Then no answer is accepted: the sandbox CA is not a public one
        Assert.Equal("false", outcome.Fields["reachable"]);
        Assert.NotEqual("", outcome.Fields["error"]);
    }

    [Fact]
    public async Task CertificateStatus_ServedCertificate_IssuedByTheSandboxCa()
    {
        // Given the address and TLS port the portal serves on
        var url = new Uri(sandbox.Variables["LIFELINE_SANDBOX_PORTAL_PRIMARY_HTTPS_URL"]);
        var step = new TestStep();
        var settings = new Dictionary<string, string>
        {
            ["host"] = url.Host,
            ["port"] = url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ca-file"] = sandbox.Variables["LIFELINE_SANDBOX_PORTAL_CA_FILE"],
        };

        // When the certificate it presents is checked
        var outcome = await new Lifeline.Providers.Probes.HealthProbeProvider(TimeProvider.System).ProbeAsync(step.Probe("certificate.status", settings), CancellationToken.None);

        // Then it is the sandbox CA's, in date, and in use
        Assert.Null(outcome.Error);
        Assert.Equal("ISSUED", outcome.Fields["status"]);
        Assert.Equal("portal.sandbox", outcome.Fields["domain"]);
        Assert.Equal("true", outcome.Fields["in_use"]);
    }
}
