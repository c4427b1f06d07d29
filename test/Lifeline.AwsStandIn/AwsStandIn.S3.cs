using System.Globalization;
using System.Web;
using System.Xml.Linq;

namespace Lifeline.AwsStandIn;

public sealed partial class AwsStandIn
{
    private static readonly XNamespace S3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";
    private readonly Dictionary<(string Bucket, string Key), S3Object> _objects = [];

    public void AddObject(string bucket, string key, int size, DateTimeOffset lastModified)
    {
        lock (_lock)
        {
            _objects[(bucket, key)] = new S3Object(size, lastModified, Guid.NewGuid().ToString("N"));
        }
    }

    /// <summary>The keys in a bucket, in order.</summary>
    public IReadOnlyList<string> ObjectKeys(string bucket)
    {
        lock (_lock)
        {
            return [.. _objects.Keys.Where(k => k.Bucket == bucket).Select(k => k.Key).Order(StringComparer.Ordinal)];
        }
    }

    private Reply S3(ServiceModel model, string operation, Dictionary<string, string> p)
    {
        var bucket = p.GetValueOrDefault("Bucket", "");
        switch (operation)
        {
            case "HeadObject":
                if (!_objects.TryGetValue((bucket, p["Key"]), out var head))
                {
                    // S3 answers a HEAD with headers only, so the CLI knows the error by its status alone.
                    return new Reply(404, "application/xml", "", null);
                }

                return new Reply(200, "application/octet-stream", "", null, new Dictionary<string, string>
                {
                    ["Content-Length"] = head.Size.ToString(CultureInfo.InvariantCulture),
                    ["Last-Modified"] = head.LastModified.ToString("R", CultureInfo.InvariantCulture),
                    ["ETag"] = $"\"{head.ETag}\"",
                });
            case "ListObjectsV2":
                var prefix = p.GetValueOrDefault("Prefix", "");
                var encode = p.GetValueOrDefault("EncodingType") == "url";
                var found = _objects.Where(o => o.Key.Bucket == bucket && o.Key.Key.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(o => o.Key.Key, StringComparer.Ordinal).ToList();
                var result = new XElement(S3Namespace + "ListBucketResult",
                    new XElement(S3Namespace + "Name", bucket),
                    new XElement(S3Namespace + "Prefix", prefix),
                    new XElement(S3Namespace + "KeyCount", found.Count),
                    new XElement(S3Namespace + "MaxKeys", 1000),
                    new XElement(S3Namespace + "IsTruncated", "false"),
                    found.Select(o => new XElement(S3Namespace + "Contents",
                        new XElement(S3Namespace + "Key", encode ? HttpUtility.UrlEncode(o.Key.Key).Replace("%2f", "/", StringComparison.Ordinal) : o.Key.Key),
                        new XElement(S3Namespace + "LastModified", o.Value.LastModified.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)),
                        new XElement(S3Namespace + "ETag", $"\"{o.Value.ETag}\""),
                        new XElement(S3Namespace + "Size", o.Value.Size),
                        new XElement(S3Namespace + "StorageClass", "STANDARD"))));
                if (encode)
                {
                    result.Add(new XElement(S3Namespace + "EncodingType", "url"));
                }

                return RestXml(result);
            case "CopyObject":
                var source = Uri.UnescapeDataString(p["CopySource"].TrimStart('/').Split('?')[0]);
                var slash = source.IndexOf('/', StringComparison.Ordinal);
                if (slash < 0 || !_objects.TryGetValue((source[..slash], source[(slash + 1)..]), out var copied))
                {
                    return S3Error(404, "NoSuchKey", "The specified key does not exist.");
                }

                var now = TimeProvider.System.GetUtcNow();
                _objects[(bucket, p["Key"])] = copied with { LastModified = now };
                return RestXml(new XElement(S3Namespace + "CopyObjectResult",
                    new XElement(S3Namespace + "ETag", $"\"{copied.ETag}\""),
                    new XElement(S3Namespace + "LastModified", now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture))));
            case "DeleteObject":
                _objects.Remove((bucket, p["Key"]));
                return new Reply(204, "application/xml", "", null);
            default:
                return Error(model, 501, "NotImplementedByStandIn", $"the stand-in does not answer s3:{operation}");
        }
    }

    private static Reply S3Error(int status, string code, string message) => new(status, "application/xml",
        new XElement("Error", new XElement("Code", code), new XElement("Message", message), new XElement("RequestId", "standin")).ToString(SaveOptions.DisableFormatting), null);

    private sealed record S3Object(int Size, DateTimeOffset LastModified, string ETag);
}
