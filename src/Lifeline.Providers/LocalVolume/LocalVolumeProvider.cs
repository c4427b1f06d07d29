using System.Globalization;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Evidence;
using Lifeline.Providers.Inputs;
using Lifeline.Providers.Tools;

namespace Lifeline.Providers.LocalVolume;

/// <summary>
/// A directory on this machine as a volume (a service's working directory, a mounted disk): volume.snapshot is a tar
/// archive of it in the binding's snapshot-dir, sealed with its SHA-256 beside it (sha256sum's format).
/// </summary>
internal sealed class LocalVolumeProvider(TimeProvider time) : IProvider
{
    public const string Name = "local-volume";

    public ProviderDescriptor Descriptor { get; } = new(
        Name,
        "A directory on this machine as a volume: forensic snapshots as tar archives, each sealed with its SHA-256.",
        [Operations.Volume.Snapshot],
        [],
        [
            SettingDescriptor.Required("path", "The volume: the directory to snapshot."),
            SettingDescriptor.Required("snapshot-dir", "Directory the archives and their .sha256 files are written to (not inside path)."),
        ]);

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation != Operations.Volume.Snapshot.Name)
        {
            return OperationOutcome.Failure($"{Name} does not offer operation '{request.Operation}'");
        }

        var settings = new InputReader(Name, "setting", request.Settings);
        var volume = settings.Required("path");
        var directory = settings.Required("snapshot-dir");
        if (settings.Error is { } error)
        {
            return OperationOutcome.Failure(error);
        }

        volume = Path.GetFullPath(volume);
        directory = Path.GetFullPath(directory);
        if (!Directory.Exists(volume))
        {
            return OperationOutcome.Failure($"{Name}: volume {volume} does not exist on this machine");
        }

        if ((directory + "/").StartsWith(volume.TrimEnd('/') + "/", StringComparison.Ordinal))
        {
            return OperationOutcome.Failure($"{Name}: snapshot-dir {directory} is inside the volume {volume}; expected a directory outside it");
        }

        var started = time.GetUtcNow();
        var name = $"{Path.GetFileName(volume.TrimEnd('/'))}-{started.ToString("yyyyMMdd'T'HHmmss'.'fff'Z'", CultureInfo.InvariantCulture)}";
        var file = Path.Combine(directory, name + ".tar");
        Directory.CreateDirectory(directory);
        var partial = file + ".partial";
        // Numeric owners and the modes as found: the archive is evidence of the volume as it was, not a copy to use.
        var (exitCode, output) = await ToolProcess.RunAsync("tar", ["--create", "--file", partial, "--numeric-owner", "--directory", volume, "."], null, cancellationToken);
        // 1: a file changed while it was read (a live volume); the archive holds what was read, as a snapshot of a
        // running instance's disk would.
        if (exitCode is not (0 or 1))
        {
            File.Delete(partial);
            return OperationOutcome.Failure($"{Name}: tar of {volume} failed ({exitCode.ToString(CultureInfo.InvariantCulture)}): {ToolProcess.LastLine(output)}");
        }

        if (exitCode == 1)
        {
            request.Context.Log.Write($"tar: {ToolProcess.LastLine(output)}");
        }

        File.Move(partial, file);
        var sealedFile = await HashedFile.SealAsync(file, cancellationToken);
        var description = request.Inputs.GetValueOrDefault("description");
        var evidence = sealedFile.Describe($"volume snapshot {name} of {volume}{(string.IsNullOrWhiteSpace(description) ? "" : $" ({description})")}");
        request.Context.Log.Write(evidence);
        return OperationOutcome.Success(new Dictionary<string, string>
        {
            ["snapshot"] = name,
            ["state"] = "completed",
            ["started_at"] = started.ToString("O", CultureInfo.InvariantCulture),
            ["sha256"] = sealedFile.Sha256,
            [Operations.EvidenceOutput] = evidence,
        });
    }

    public ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProbeOutcome.Invalid($"{Name} does not offer probe '{request.Probe}'"));
}
