using System.Globalization;
using System.Security.Cryptography;

namespace Lifeline.Providers.Evidence;

/// <summary>
/// An evidence file and its SHA-256, kept beside it as <c>FILE.sha256</c> in sha256sum's format, so anyone can check it
/// later with <c>sha256sum -c</c> without Lifeline.
/// </summary>
internal sealed record HashedFile(string Path, string Sha256, long Bytes)
{
    public static string SidecarOf(string path) => path + ".sha256";

    /// <summary>Hashes a finished file and writes its sidecar.</summary>
    public static async Task<HashedFile> SealAsync(string path, CancellationToken cancellationToken)
    {
        var hash = await HashAsync(path, cancellationToken);
        await File.WriteAllTextAsync(SidecarOf(path), $"{hash}  {System.IO.Path.GetFileName(path)}\n", cancellationToken);
        return new HashedFile(path, hash, new FileInfo(path).Length);
    }

    /// <summary>A file sealed earlier whose content still matches its sidecar; null when there is none or it differs.</summary>
    public static async Task<HashedFile?> ReadSealedAsync(string path, CancellationToken cancellationToken)
    {
        var sidecar = SidecarOf(path);
        if (!File.Exists(path) || !File.Exists(sidecar))
        {
            return null;
        }

        var recorded = (await File.ReadAllTextAsync(sidecar, cancellationToken)).Split(' ', 2)[0].Trim();
        var actual = await HashAsync(path, cancellationToken);
        return string.Equals(recorded, actual, StringComparison.Ordinal) ? new HashedFile(path, actual, new FileInfo(path).Length) : null;
    }

    public static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    public string Describe(string what) =>
        $"{what}: {Path} sha256 {Sha256} ({Bytes.ToString(CultureInfo.InvariantCulture)} bytes)";
}
