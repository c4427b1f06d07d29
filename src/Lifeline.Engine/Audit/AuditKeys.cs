using System.Security.Cryptography;

namespace Lifeline.Engine.Audit;

/// <summary>
/// ECDSA P-256 keys for signing audit checkpoints, as PEM files: the private key (PKCS#8, created with mode 0600) and
/// the public key (SubjectPublicKeyInfo) beside it as <c>FILE.pub</c>. Problems are error messages, not exceptions.
/// </summary>
public static class AuditKeys
{
    public static string PublicKeyPath(string privateKeyPath) => privateKeyPath + ".pub";

    /// <summary>Creates a new key pair; refuses to overwrite either file.</summary>
    public static (string? PublicKeyPath, string? KeyId, string? Error) Generate(string privateKeyPath)
    {
        var publicPath = PublicKeyPath(privateKeyPath);
        foreach (var path in new[] { privateKeyPath, publicPath })
        {
            if (File.Exists(path))
            {
                return (null, null, $"{path} exists; refusing to overwrite a key");
            }
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            if (Path.GetDirectoryName(Path.GetFullPath(privateKeyPath)) is { Length: > 0 } directory)
            {
                Directory.CreateDirectory(directory);
            }

            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var writer = new StreamWriter(privateKeyPath, options))
            {
                writer.Write(key.ExportPkcs8PrivateKeyPem());
                writer.Write('\n');
            }

            File.WriteAllText(publicPath, key.ExportSubjectPublicKeyInfoPem() + "\n");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, null, $"could not write the key to {privateKeyPath}: {ex.Message}");
        }

        return (publicPath, KeyId(key), null);
    }

    /// <summary>Loads a P-256 key from PEM; with <paramref name="requirePrivate"/>, only a private key will do.</summary>
    public static (ECDsa? Key, string? Error) Load(string path, bool requirePrivate)
    {
        // A FIFO would block the read and /dev/zero never end it: a key is a small regular file.
        if (File.Exists(path) && Core.PlanFiles.FileKind.NotRegular(path) is { } kind)
        {
            return (null, $"{path} is {kind}, not a key file");
        }

        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"could not read key {path}: {ex.Message}");
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (key.KeySize != 256)
            {
                key.Dispose();
                return (null, $"{path} is a {key.KeySize}-bit key; audit checkpoints use ECDSA P-256");
            }

            if (requirePrivate)
            {
                _ = key.ExportParameters(includePrivateParameters: true);
            }

            return (key, null);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            return (null, requirePrivate
                ? $"{path} is not an ECDSA P-256 private key in PEM (see lifeline audit keygen)"
                : $"{path} is not an ECDSA P-256 key in PEM");
        }
    }

    /// <summary>Lowercase hex SHA-256 of the key's SubjectPublicKeyInfo.</summary>
    public static string KeyId(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
    }
}
