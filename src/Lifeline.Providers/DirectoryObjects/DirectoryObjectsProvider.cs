using System.Globalization;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Inputs;
using Lifeline.Providers.ObjectStores;

namespace Lifeline.Providers.DirectoryObjects;

/// <summary>
/// An object store kept as a directory tree on a shared filesystem (a mounted bucket, an NFS export): keys are relative
/// paths under <c>bucket</c>. A sync source is another such directory, named as <c>s3://&lt;absolute path&gt;/</c> or as
/// the path itself, so plans written for S3 buckets run unchanged against it.
/// </summary>
internal sealed class DirectoryObjectsProvider(TimeProvider time) : IProvider
{
    public ProviderDescriptor Descriptor { get; } = new(
        "directory-objects",
        "An object store kept as a directory tree (a mounted bucket): stat, list and sync objects as files.",
        Operations.ObjectStore.Capability.Operations,
        Operations.ObjectStore.Capability.Probes,
        [
            SettingDescriptor.Required("bucket", "The directory that holds the objects (an absolute path)."),
            SettingDescriptor.Optional("owner", "uid:gid that owns the directories and objects a sync writes (the store's own user, as an object store's server would own them)."),
        ]);

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation != Operations.ObjectStore.Sync.Name)
        {
            return OperationOutcome.Failure($"directory-objects does not offer operation '{request.Operation}'");
        }

        var settings = new InputReader("directory-objects", "setting", request.Settings);
        var bucket = settings.Required("bucket");
        var inputs = new InputReader("directory-objects", "input", request.Inputs);
        var source = SourceDirectory(inputs.Required("source"));
        var delete = inputs.Boolean("delete", false);
        var owner = ObjectOwner.Parse(request.Settings.GetValueOrDefault("owner"));
        if (owner.Error is { } ownerError)
        {
            settings.Fail($"directory-objects: setting 'owner' {ownerError}");
        }

        if ((settings.Error ?? inputs.Error) is { } error)
        {
            return OperationOutcome.Failure(error);
        }

        if (!Directory.Exists(source))
        {
            return OperationOutcome.Failure($"directory-objects: source {source} does not exist");
        }

        var copied = 0;
        try
        {
            owner.CreateDirectory(bucket, bucket);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return OperationOutcome.Failure($"directory-objects: could not create {bucket}: {exception.Message}", transient: true);
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var key = Path.GetRelativePath(source, file);
            keys.Add(key);
            var destination = Path.Combine(bucket, key);
            try
            {
                if (File.Exists(destination) && new FileInfo(destination).Length == new FileInfo(file).Length
                    && await SameContentAsync(destination, file, cancellationToken))
                {
                    continue;
                }

                // The store's other writers (the service that uploads to it) run as its owner: a directory or object
                // this sync left to root would refuse them.
                owner.CreateDirectory(bucket, Path.GetDirectoryName(destination)!);
                File.Copy(file, destination + ".sync", overwrite: true);
                owner.Give(destination + ".sync");
                File.Move(destination + ".sync", destination, overwrite: true);
                copied++;
            }
            catch (FileNotFoundException)
            {
                // Another writer (the service processing its own queue) moved it first: it is not the sync's to copy.
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return OperationOutcome.Failure($"directory-objects: could not copy {key} from {source} to {bucket} ({copied} copied so far): {exception.Message}", transient: true);
            }
        }

        var deleted = 0;
        if (delete)
        {
            foreach (var file in Directory.EnumerateFiles(bucket, "*", SearchOption.AllDirectories).Where(f => !keys.Contains(Path.GetRelativePath(bucket, f))).ToList())
            {
                File.Delete(file);
                deleted++;
            }
        }

        request.Context.Log.Write($"directory-objects: {copied} objects copied from {source} to {bucket}, {deleted} deleted");
        return OperationOutcome.Success(new Dictionary<string, string>
        {
            ["copied"] = copied.ToString(CultureInfo.InvariantCulture),
            ["deleted"] = deleted.ToString(CultureInfo.InvariantCulture),
            ["destination"] = $"s3://{bucket.TrimEnd('/')}/",
        });
    }

    public ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        var settings = new InputReader("directory-objects", "setting", request.Settings);
        var bucket = settings.Required("bucket");
        if (settings.Error is { } error)
        {
            return ValueTask.FromResult(ProbeOutcome.Invalid(error));
        }

        var now = time.GetUtcNow();
        string Age(FileInfo file) => (now - new DateTimeOffset(file.LastWriteTimeUtc)).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        if (request.Probe == Operations.ObjectStore.Stat.Name)
        {
            var key = request.Inputs.GetValueOrDefault("key") ?? "";
            var file = new FileInfo(Path.Combine(bucket, key));
            return ValueTask.FromResult(ProbeOutcome.Observed(file.Exists && key.Length > 0
                ? new Dictionary<string, string>
                {
                    ["exists"] = "true",
                    ["size_bytes"] = file.Length.ToString(CultureInfo.InvariantCulture),
                    ["last_modified"] = new DateTimeOffset(file.LastWriteTimeUtc).ToString("O", CultureInfo.InvariantCulture),
                    ["age_s"] = Age(file),
                    ["etag"] = $"{file.Length.ToString(CultureInfo.InvariantCulture)}-{file.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)}",
                }
                : new Dictionary<string, string> { ["exists"] = "false", ["size_bytes"] = "", ["last_modified"] = "", ["age_s"] = "", ["etag"] = "" }));
        }

        if (request.Probe != Operations.ObjectStore.List.Name)
        {
            return ValueTask.FromResult(ProbeOutcome.Invalid($"directory-objects does not offer probe '{request.Probe}'"));
        }

        var max = int.TryParse(request.Inputs.GetValueOrDefault("max"), NumberStyles.None, CultureInfo.InvariantCulture, out var given) && given > 0 ? given : 1000;
        var root = Path.Combine(bucket, request.Inputs.GetValueOrDefault("prefix") ?? "");
        var (lostAt, lostAtError) = FileRecoveryPoint.LostAt(request.Inputs, time.GetUtcNow());
        if (lostAtError is not null)
        {
            return ValueTask.FromResult(ProbeOutcome.Invalid(lostAtError!));
        }

        if (!Directory.Exists(bucket))
        {
            return ValueTask.FromResult(ProbeOutcome.Observed(FileRecoveryPoint.Unreachable()));
        }

        var files = Directory.Exists(root) ? new DirectoryInfo(root).EnumerateFiles("*", SearchOption.AllDirectories).ToList() : [];
        var newest = files.OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault();
        var outputs = new Dictionary<string, string>
        {
            ["reachable"] = "true",
            ["count"] = Math.Min(files.Count, max).ToString(CultureInfo.InvariantCulture),
            ["truncated"] = files.Count > max ? "true" : "false",
            ["newest_key"] = newest is null ? "" : Path.GetRelativePath(bucket, newest.FullName),
            ["newest_age_s"] = newest is null ? "" : Age(newest),
        };
        FileRecoveryPoint.Add(outputs, newest is null ? null : new DateTimeOffset(newest.LastWriteTimeUtc, TimeSpan.Zero), lostAt);
        return ValueTask.FromResult(ProbeOutcome.Observed(outputs));
    }

    private static async Task<bool> SameContentAsync(string left, string right, CancellationToken cancellationToken)
    {
        var a = await File.ReadAllBytesAsync(left, cancellationToken);
        var b = await File.ReadAllBytesAsync(right, cancellationToken);
        return a.AsSpan().SequenceEqual(b);
    }

    /// <summary>The directory a sync source names: <c>s3://&lt;absolute path&gt;/</c> or the path itself.</summary>
    private static string SourceDirectory(string source) =>
        source.StartsWith("s3://", StringComparison.Ordinal) ? "/" + source["s3://".Length..].TrimStart('/') : source;
}
