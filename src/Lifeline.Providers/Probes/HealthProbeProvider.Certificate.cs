using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Lifeline.Core.Providers;
using Lifeline.Providers.Certificates;
using Lifeline.Providers.Inputs;

namespace Lifeline.Providers.Probes;

internal sealed partial class HealthProbeProvider
{
    /// <summary>
    /// certificate.status without a certificate manager: the certificate in a PEM <c>file</c> (what a load balancer or
    /// web server is configured with), else the one <c>host</c>:<c>port</c> presents. With <c>ca-file</c>, a certificate
    /// that does not chain to that CA is UNTRUSTED whatever its dates say.
    /// </summary>
    private async Task<ProbeOutcome> CertificateStatusAsync(InputReader inputs, CancellationToken cancellationToken)
    {
        var file = inputs.Optional("file");
        var caFile = inputs.Optional("ca-file");
        var timeout = inputs.Duration("timeout", TimeSpan.FromSeconds(5));
        var host = file is null ? inputs.Required("host") : null;
        var port = inputs.Integer("port", 443, 1, 65535);
        if (inputs.Error is { } error)
        {
            return ProbeOutcome.Invalid(file is null && host is null ? $"{error} (or a 'file' setting: a PEM certificate)" : error);
        }

        X509Certificate2? certificate;
        if (file is not null)
        {
            var (certificates, problem) = PrivateCa.Load(file);
            if (certificates is null)
            {
                return ProbeOutcome.Invalid($"{Name}: {problem}");
            }

            certificate = certificates[0];
        }
        else
        {
            var (presented, problem) = await PresentedAsync(host!, port, timeout, cancellationToken);
            if (presented is null)
            {
                return ProbeOutcome.Invalid($"{Name}: {problem}");
            }

            certificate = presented;
        }

        string? untrusted = null;
        if (caFile is not null)
        {
            var (roots, problem) = PrivateCa.Load(caFile);
            if (roots is null)
            {
                return ProbeOutcome.Invalid($"{Name}: {problem}");
            }

            untrusted = PrivateCa.Verify(certificate, roots, ignoreExpiry: true);
        }

        var now = time.GetUtcNow();
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        var status = untrusted is not null ? "UNTRUSTED"
            : now >= notAfter ? "EXPIRED"
            : now < new DateTimeOffset(certificate.NotBefore.ToUniversalTime()) ? "NOT_YET_VALID"
            : "ISSUED";
        return ProbeOutcome.Observed(new Dictionary<string, string>
        {
            ["status"] = status,
            ["domain"] = certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false),
            ["not_after"] = notAfter.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["days_left"] = ((long)Math.Floor((notAfter - now).TotalDays)).ToString(CultureInfo.InvariantCulture),
            // A certificate seen in a handshake is in use by definition; a file may be configured nowhere.
            ["in_use"] = file is null ? "true" : "false",
        });
    }

    private static async Task<(X509Certificate2? Certificate, string? Problem)> PresentedAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, limit.Token);
            X509Certificate2? certificate = null;
            // Trust is judged afterwards against the ca-file; the handshake only collects what is presented.
            await using var stream = new SslStream(client.GetStream(), false, (_, cert, _, _) =>
            {
                certificate = cert is null ? null : new X509Certificate2(cert);
                return true;
            });
            await stream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, limit.Token);
            return certificate is null ? (null, $"{host}:{port} presented no certificate") : (certificate, null);
        }
        catch (Exception ex) when (ex is SocketException or IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (null, $"{host}:{port}: {(ex is OperationCanceledException ? $"no TLS handshake within {timeout.TotalSeconds:0.###}s" : ex.Message)}");
        }
    }
}
