using System.Globalization;

namespace Lifeline.Sandbox.Portal.Uploads;

/// <summary>
/// Where a portal instance stores its patients' uploads: a bucket in its site's object store (PORTAL_UPLOADS_URL,
/// http://host:port/bucket), the access key in a file (PORTAL_UPLOADS_KEYS_FILE: key id, then secret, one a line), and
/// how often a file arrives (PORTAL_UPLOADS_EVERY_MS, default 1000). Absent URL: the instance stores no uploads.
/// </summary>
internal sealed record UploadSettings(Uri Bucket, string AccessKeyId, string SecretAccessKey, TimeSpan Every)
{
    public const string UrlVariable = "PORTAL_UPLOADS_URL";
    public const string KeysFileVariable = "PORTAL_UPLOADS_KEYS_FILE";
    public const string EveryVariable = "PORTAL_UPLOADS_EVERY_MS";

    public static (UploadSettings? Value, string? Error) Load(IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration[UrlVariable]))
        {
            return (null, null);
        }

        if (!Uri.TryCreate(configuration[UrlVariable], UriKind.Absolute, out var bucket) || bucket.AbsolutePath.Trim('/').Length == 0)
        {
            return (null, $"{UrlVariable} is '{configuration[UrlVariable]}'; expected http://host:port/bucket");
        }

        var keysFile = configuration[KeysFileVariable];
        if (string.IsNullOrWhiteSpace(keysFile) || !File.Exists(keysFile))
        {
            return (null, $"{KeysFileVariable} must name the object store's key file");
        }

        var keys = File.ReadAllLines(keysFile).Where(l => l.Length > 0).ToList();
        if (keys.Count < 2)
        {
            return (null, $"{keysFile}: expected the access key id and the secret access key, one a line");
        }

        var every = int.TryParse(configuration[EveryVariable], NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0 ? ms : 1000;
        return (new UploadSettings(bucket, keys[0].Trim(), keys[1].Trim(), TimeSpan.FromMilliseconds(every)), null);
    }
}
