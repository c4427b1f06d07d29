using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lifeline.Core.Providers;
using Lifeline.Providers.Probes;

namespace Lifeline.Providers.Tests.Probes;

public sealed class HealthProbeProviderTests
{
    private readonly HealthProbeProvider _provider = new(TimeProvider.System);

    [Fact]
    public async Task TcpConnect_ListeningPort_Healthy()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();

        var outcome = await ProbeAsync("tcp.connect", ("host", "127.0.0.1"), ("port", Port(listener)));

        Assert.Equal("true", outcome.Fields["healthy"]);
    }

    [Fact]
    public async Task TcpConnect_ClosedPort_UnhealthyNamingTheAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = Port(listener);
        listener.Stop();

        var outcome = await ProbeAsync("tcp.connect", ("host", "127.0.0.1"), ("port", port));

        Assert.Equal("false", outcome.Fields["healthy"]);
        Assert.Contains($"127.0.0.1:{port}", outcome.Fields["error"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    public async Task CommandRun_ExitCode_DecidesHealth(string program, string healthy)
    {
        var outcome = await ProbeAsync("command.run", ("argv", $"/bin/{program}"));

        Assert.Equal(healthy, outcome.Fields["healthy"]);
    }

    [Theory]
    [InlineData(30, "14", "true")]
    [InlineData(5, "14", "false")]
    public async Task TlsCertificate_DaysLeft_ComparedWithMinimum(int validDays, string minDays, string healthy)
    {
        // Given a real TLS server on loopback with a certificate that expires in validDays
        using var certificate = SelfSigned(validDays);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var serving = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            await using var tls = new SslStream(client.GetStream());
            await tls.AuthenticateAsServerAsync(certificate);
        });

        // When the tls probe connects
        var outcome = await ProbeAsync("tls.certificate", ("host", "localhost"), ("port", Port(listener)), ("min-days", minDays));
        await serving;

        // Then the days left decide
        Assert.Equal(healthy, outcome.Fields["healthy"]);
        Assert.InRange(double.Parse(outcome.Fields["days_left"], System.Globalization.CultureInfo.InvariantCulture), validDays - 1, validDays);
    }

    [Theory]
    [InlineData(true, 90, "ISSUED")]
    [InlineData(true, -2, "EXPIRED")]
    [InlineData(false, 90, "UNTRUSTED")]
    public async Task CertificateStatus_FileAgainstPrivateCa_IssuedExpiredOrUntrusted(bool signedByCa, int validDays, string status)
    {
        // Given a private CA and a server certificate file, issued by that CA or by a stranger
        var directory = Directory.CreateTempSubdirectory("lifeline-cert-").FullName;
        try
        {
            using var ca = Authority("CN=Test CA");
            using var stranger = Authority("CN=Stranger CA");
            var now = TimeProvider.System.GetUtcNow();
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=portal.test", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("portal.test");
            request.CertificateExtensions.Add(names.Build());
            using var issued = request.Create(signedByCa ? ca : stranger, now.AddDays(-10), now.AddDays(validDays), [1, 2, 3, 4]);
            var caFile = Path.Combine(directory, "ca.pem");
            var file = Path.Combine(directory, "portal.pem");
            await File.WriteAllTextAsync(caFile, ca.ExportCertificatePem());
            await File.WriteAllTextAsync(file, issued.ExportCertificatePem());

            // When its status is probed
            var outcome = await ProbeAsync("certificate.status", ("file", file), ("ca-file", caFile));

            // Then the CA and the dates decide
            Assert.Equal(status, outcome.Fields["status"]);
            Assert.Equal("portal.test", outcome.Fields["domain"]);
            Assert.InRange(long.Parse(outcome.Fields["days_left"], System.Globalization.CultureInfo.InvariantCulture), validDays - 1, validDays);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static X509Certificate2 Authority(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-30), now.AddYears(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    private async Task<ProbeOutcome> ProbeAsync(string probe, params (string Key, string Value)[] inputs)
    {
        var context = new StepContext("test", "probe", 1, 0, RunMode.Drill, new NullLog());
        var request = new ProbeRequest(probe, null, new Dictionary<string, string>(), inputs.ToDictionary(i => i.Key, i => i.Value), context);
        var outcome = await _provider.ProbeAsync(request, CancellationToken.None);
        Assert.Null(outcome.Error);
        return outcome;
    }

    private static string Port(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static X509Certificate2 SelfSigned(int validDays)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(validDays));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    private sealed class NullLog : IStepLog
    {
        public void Write(string line)
        {
        }
    }
}
