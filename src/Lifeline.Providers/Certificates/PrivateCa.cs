using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lifeline.Providers.Certificates;

/// <summary>
/// Trust in one private CA (a <c>ca-file</c> setting) instead of the system's roots: an internal load balancer's
/// certificate, or a sandbox's. Only that CA's chains are accepted; the system's roots are not consulted.
/// </summary>
internal static class PrivateCa
{
    /// <summary>The certificates in a PEM file; null with the reason when it cannot be read.</summary>
    public static (X509Certificate2Collection? Certificates, string? Error) Load(string path)
    {
        try
        {
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPemFile(path);
            return certificates.Count == 0 ? (null, $"{path} holds no PEM certificate") : (certificates, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            return (null, $"cannot read {path}: {ex.Message}");
        }
    }

    /// <summary>Null when <paramref name="certificate"/> chains to one of <paramref name="roots"/>; otherwise why not.</summary>
    public static string? Verify(X509Certificate2 certificate, X509Certificate2Collection roots, bool ignoreExpiry)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (ignoreExpiry)
        {
            // Expiry is reported on its own (days left, EXPIRED); trust is only whether the CA issued it.
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        }

        return chain.Build(certificate)
            ? null
            : $"not issued by the CA in the ca-file: {string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).DefaultIfEmpty("untrusted chain"))}";
    }

    /// <summary>An https client's validation: the host name must match, and the chain must lead to the CA in <paramref name="caFile"/>.</summary>
    public static RemoteCertificateValidationCallback Validator(string caFile)
    {
        var (roots, _) = Load(caFile);
        return (_, certificate, _, errors) =>
            roots is not null
            && certificate is not null
            && (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) == 0
            && Verify(certificate as X509Certificate2 ?? new X509Certificate2(certificate), roots, ignoreExpiry: false) is null;
    }
}
