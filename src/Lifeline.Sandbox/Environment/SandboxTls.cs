using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lifeline.Providers.ProcessService;

namespace Lifeline.Sandbox.Environment;

/// <summary>
/// The sandbox's own certificate authority and the portal's server certificate, made with .NET's CertificateRequest (no
/// openssl needed), in <c>&lt;root&gt;/tls</c>: <c>ca.pem</c> is what clients trust (a private CA, as an internal load
/// balancer would have), <c>ca.key</c> stays with root, <c>&lt;name&gt;.pem</c> is the server certificate a
/// certificate check reads, <c>&lt;name&gt;.pfx</c> (certificate and key) is what the server serves.
/// </summary>
internal static class SandboxTls
{
    public const int DefaultDays = 90;

    public static string Directory(SandboxLayout layout) => Path.Combine(layout.Root, "tls");

    public static string CaFile(SandboxLayout layout) => Path.Combine(Directory(layout), "ca.pem");

    public static string CaKeyFile(SandboxLayout layout) => Path.Combine(Directory(layout), "ca.key");

    public static string CertificateFile(SandboxLayout layout, string name) => Path.Combine(Directory(layout), name + ".pem");

    public static string PfxFile(SandboxLayout layout, string name) => Path.Combine(Directory(layout), name + ".pfx");

    /// <summary>The CA, made once per sandbox (kept when <c>up</c> runs again, so trust survives a restart).</summary>
    public static X509Certificate2 EnsureCa(SandboxLayout layout, TimeProvider time)
    {
        System.IO.Directory.CreateDirectory(Directory(layout));
        if (File.Exists(CaFile(layout)) && File.Exists(CaKeyFile(layout)))
        {
            return X509Certificate2.CreateFromPemFile(CaFile(layout), CaKeyFile(layout));
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Lifeline sandbox CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();
        var ca = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(5));
        File.WriteAllText(CaFile(layout), ca.ExportCertificatePem() + "\n");
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(CaKeyFile(layout), options))
        {
            writer.Write(key.ExportPkcs8PrivateKeyPem() + "\n");
        }
        return X509Certificate2.CreateFromPemFile(CaFile(layout), CaKeyFile(layout));
    }

    /// <summary>
    /// Issues (or re-issues) the server certificate <paramref name="name"/> for <paramref name="addresses"/>, valid for
    /// <paramref name="days"/> from now; <paramref name="runAs"/> gets the files, since the server runs as that user.
    /// </summary>
    public static void Issue(SandboxLayout layout, X509Certificate2 ca, string name, IEnumerable<string> addresses, IEnumerable<string> hostNames, int days, TimeProvider time, RunAsUser? runAs)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}.sandbox", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var address in addresses)
        {
            names.AddIpAddress(IPAddress.Parse(address));
        }

        // The first DNS name is the certificate's domain (what certificate.status reports).
        foreach (var host in hostNames.Prepend($"{name}.sandbox").Append("localhost"))
        {
            names.AddDnsName(host);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = time.GetUtcNow();
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(ca, now.AddMinutes(-5), now.AddDays(days), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        File.WriteAllText(CertificateFile(layout, name), withKey.ExportCertificatePem() + "\n");
        File.WriteAllBytes(PfxFile(layout, name), withKey.Export(X509ContentType.Pfx));
        DetachedProcess.GiveTo(CertificateFile(layout, name), runAs);
        DetachedProcess.GiveTo(PfxFile(layout, name), runAs);
        DetachedProcess.GiveTo(CaFile(layout), runAs);
    }
}
