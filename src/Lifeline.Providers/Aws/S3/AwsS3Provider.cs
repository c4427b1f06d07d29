using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Aws.Cli;
using Lifeline.Providers.ObjectStores;

namespace Lifeline.Providers.Aws.S3;

/// <summary>
/// Amazon S3 through the AWS CLI; the resource is a bucket and an optional prefix. Stat is <c>s3api head-object</c>; the
/// runbooks' <c>s3 ls</c> is <c>s3api list-objects-v2</c>, because <c>s3 ls</c> prints text whatever <c>--output</c>
/// says; sync is <c>s3 sync</c>, whose text lines are counted. A source in another region is <c>source-region</c> (one
/// <c>s3 sync</c>, as the runbook's failback does); a source behind another endpoint (another S3-compatible service) is
/// <c>source-endpoint-url</c>: the CLI cannot copy between two endpoints, so the objects pass through a private temporary
/// directory, downloaded by one <c>s3 sync</c> and uploaded by another, with the same access key.
/// </summary>
internal sealed class AwsS3Provider(AwsCli cli, TimeProvider time) : IProvider, ICommandPreview, IPreparesAhead
{
    public Task PrepareAsync(CancellationToken cancellationToken) => cli.PrepareAsync(cancellationToken);

    public const string Name = "aws-s3";
    private const string BucketSetting = "bucket";
    private const string PrefixSetting = "prefix";
    private const string SourceRegionSetting = "source-region";
    private const string SourceEndpointSetting = "source-endpoint-url";
    private const int DefaultMax = 1000;

    public ProviderDescriptor Descriptor { get; } = new(
        Name,
        "Amazon S3 through the AWS CLI: head-object, list-objects-v2 (the runbooks' s3 ls), s3 sync into the bucket.",
        Operations.ObjectStore.Capability.Operations,
        Operations.ObjectStore.Capability.Probes,
        [SettingDescriptor.Required(BucketSetting, "Bucket name."), SettingDescriptor.Optional(PrefixSetting, "Key prefix of the resource within the bucket, e.g. database-backups/."),
         SettingDescriptor.Optional(SourceRegionSetting, "Region of object.sync's source bucket when it is not this bucket's (s3 sync --source-region)."),
         SettingDescriptor.Optional(SourceEndpointSetting, "Endpoint of object.sync's source when it is another S3-compatible service; objects pass through a temporary directory."),
         .. AwsConnection.Settings]);

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation != Operations.ObjectStore.Sync.Name)
        {
            return AwsOutcomes.UnknownOperation(Name, request.Operation);
        }

        if (AwsValues.Setting(request.Settings, BucketSetting) is not { } bucket)
        {
            return OperationOutcome.Failure($"{Name} needs setting '{BucketSetting}'");
        }

        if (AwsValues.Setting(request.Inputs, "source") is not { } source || !source.StartsWith("s3://", StringComparison.Ordinal))
        {
            return OperationOutcome.Failure($"{Name}: {Operations.ObjectStore.Sync.Name} needs input 'source' as s3://bucket/prefix/");
        }

        var destination = Destination(bucket, request.Settings);
        var connection = AwsConnection.From(request.Settings);
        if (AwsValues.Setting(request.Settings, SourceEndpointSetting) is not { } sourceEndpoint)
        {
            var result = await cli.RunAsync(SyncCommand(source, destination, request.Inputs, AwsValues.Setting(request.Settings, SourceRegionSetting)), connection, request.Context.Log, cancellationToken);
            return result.Succeeded ? Synced(result, destination, "copy:", "upload:") : AwsOutcomes.Failed(result);
        }

        return await SyncAcrossEndpointsAsync(source, destination, connection with { EndpointUrl = sourceEndpoint }, connection, request, cancellationToken);
    }

    /// <summary>Source to a private temporary directory, then the directory to the destination; the directory is deleted after.</summary>
    private async Task<OperationOutcome> SyncAcrossEndpointsAsync(
        string source, string destination, AwsConnection from, AwsConnection to, OperationRequest request, CancellationToken cancellationToken)
    {
        var staging = Directory.CreateTempSubdirectory("lifeline-s3-sync-");
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(staging.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var download = await cli.RunAsync(SyncCommand(source, staging.FullName, new Dictionary<string, string>(), null), from, request.Context.Log, cancellationToken);
            if (!download.Succeeded)
            {
                return AwsOutcomes.Failed(download);
            }

            var upload = await cli.RunAsync(SyncCommand(staging.FullName, destination, request.Inputs, null), to, request.Context.Log, cancellationToken);
            return upload.Succeeded ? Synced(upload, destination, "upload:") : AwsOutcomes.Failed(upload);
        }
        finally
        {
            staging.Delete(recursive: true);
        }
    }

    private static OperationOutcome Synced(AwsResult result, string destination, params string[] copied)
    {
        var lines = result.Output.Items("Lines").Select(l => l.GetString() ?? "").ToList();
        return OperationOutcome.Success(new Dictionary<string, string>
        {
            ["copied"] = AwsValues.Number(lines.Count(l => copied.Any(c => l.StartsWith(c, StringComparison.Ordinal)))),
            ["deleted"] = AwsValues.Number(lines.Count(l => l.StartsWith("delete:", StringComparison.Ordinal))),
            ["destination"] = destination,
        });
    }

    public async ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        if (AwsValues.Setting(request.Settings, BucketSetting) is not { } bucket)
        {
            return ProbeOutcome.Invalid($"{Name} needs setting '{BucketSetting}'");
        }

        var connection = AwsConnection.From(request.Settings);
        if (request.Probe == Operations.ObjectStore.Stat.Name)
        {
            if (AwsValues.Setting(request.Inputs, "key") is not { } key)
            {
                return ProbeOutcome.Invalid($"{Name}: {request.Probe} needs input 'key'");
            }

            var head = await cli.RunAsync(HeadCommand(bucket, Prefix(request.Settings) + key), connection, request.Context.Log, cancellationToken);
            if (!head.Succeeded)
            {
                return head.ErrorCode is "404" or "NotFound" or "NoSuchKey"
                    ? ProbeOutcome.Observed(new Dictionary<string, string> { ["exists"] = "false", ["size_bytes"] = "", ["last_modified"] = "", ["age_s"] = "", ["etag"] = "" })
                    : ProbeOutcome.Invalid(head.Error!);
            }

            var modified = AwsValues.Time(head.Output, "LastModified");
            return ProbeOutcome.Observed(new Dictionary<string, string>
            {
                ["exists"] = "true",
                ["size_bytes"] = head.Output.Text("ContentLength") ?? "",
                ["last_modified"] = modified is { } m ? AwsValues.Iso(m) : "",
                ["age_s"] = modified is { } at ? AwsValues.Seconds(time.GetUtcNow() - at) : "",
                ["etag"] = head.Output.Text("ETag")?.Trim('"') ?? "",
            });
        }

        if (request.Probe == Operations.ObjectStore.List.Name)
        {
            var max = AwsValues.Whole(request.Inputs, "max", DefaultMax);
            var (lostAt, lostAtError) = FileRecoveryPoint.LostAt(request.Inputs, time.GetUtcNow());
            if (lostAtError is not null)
            {
                return ProbeOutcome.Invalid($"{Name}: {lostAtError}");
            }

            var list = await cli.RunAsync(ListCommand(bucket, Prefix(request.Settings) + AwsValues.Setting(request.Inputs, "prefix"), max), connection, request.Context.Log, cancellationToken);
            if (!list.Succeeded)
            {
                return list.IsUnreachable
                    ? ProbeOutcome.Observed(FileRecoveryPoint.Unreachable())
                    : ProbeOutcome.Invalid(list.Error!);
            }

            var objects = list.Output.Items("Contents").Select(o => (Key: o.Text("Key") ?? "", At: AwsValues.Time(o, "LastModified"))).ToList();
            var newest = objects.Where(o => o.At is not null).OrderByDescending(o => o.At).FirstOrDefault();
            var outputs = new Dictionary<string, string>
            {
                ["reachable"] = "true",
                ["count"] = AwsValues.Number(objects.Count),
                ["truncated"] = list.Output.Text("NextToken") is null ? "false" : "true",
                ["newest_key"] = newest.Key ?? "",
                ["newest_age_s"] = newest.At is { } n ? AwsValues.Seconds(time.GetUtcNow() - n) : "",
            };
            FileRecoveryPoint.Add(outputs, newest.At, lostAt);
            return ProbeOutcome.Observed(outputs);
        }

        return ProbeOutcome.Invalid($"{Name} does not offer probe '{request.Probe}'");
    }

    public IReadOnlyList<string> PreviewCommands(OperationRequest request)
    {
        var bucket = AwsValues.Setting(request.Settings, BucketSetting) ?? "<bucket>";
        var connection = AwsConnection.From(request.Settings);
        AwsCommand command = request.Operation switch
        {
            var o when o == Operations.ObjectStore.Sync.Name => SyncCommand(request.Inputs.GetValueOrDefault("source", "<source>"), Destination(bucket, request.Settings), request.Inputs, AwsValues.Setting(request.Settings, SourceRegionSetting)),
            var o when o == Operations.ObjectStore.Stat.Name => HeadCommand(bucket, Prefix(request.Settings) + request.Inputs.GetValueOrDefault("key", "<key>")),
            _ => ListCommand(bucket, Prefix(request.Settings) + AwsValues.Setting(request.Inputs, "prefix"), AwsValues.Whole(request.Inputs, "max", DefaultMax)),
        };
        return [command.Preview(connection)];
    }

    private static AwsCommand HeadCommand(string bucket, string key) =>
        AwsCommand.Call("s3api", "head-object", AwsArgument.Option("--bucket", bucket), AwsArgument.Option("--key", key));

    private static AwsCommand ListCommand(string bucket, string prefix, int max)
    {
        List<AwsArgument> arguments = [AwsArgument.Option("--bucket", bucket)];
        if (prefix.Length > 0)
        {
            arguments.Add(AwsArgument.Option("--prefix", prefix));
        }

        arguments.Add(AwsArgument.Option("--max-items", AwsValues.Number(max)));
        return AwsCommand.Call("s3api", "list-objects-v2", [.. arguments]);
    }

    private static AwsCommand SyncCommand(string source, string destination, IReadOnlyDictionary<string, string> inputs, string? sourceRegion)
    {
        List<AwsArgument> arguments = [AwsArgument.Flag("--no-progress")];
        if (sourceRegion is not null)
        {
            arguments.Add(AwsArgument.Option("--source-region", sourceRegion));
        }

        if (AwsValues.Flag(inputs, "delete"))
        {
            arguments.Add(AwsArgument.Flag("--delete"));
        }

        // s3 sync takes its source and destination as positional words, before any option.
        return new AwsCommand("s3", ["sync", source, destination], arguments) { TextOutput = true };
    }

    private static string Prefix(IReadOnlyDictionary<string, string> settings) => AwsValues.Setting(settings, PrefixSetting) ?? "";

    private static string Destination(string bucket, IReadOnlyDictionary<string, string> settings) => $"s3://{bucket}/{Prefix(settings)}";
}
