using System.Globalization;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Inputs;

namespace Lifeline.Providers.LogFiles;

/// <summary>
/// Log files on a host (a directory of files whose names start with a prefix, as a process supervisor writes them),
/// searched for evidence like a log group: lines containing the pattern, in files written within the window. Lines
/// carry no parsed timestamps, so a file's last write stands for its lines' time.
/// </summary>
internal sealed partial class LogFilesProvider(TimeProvider time) : IProvider
{
    private const int LineLimit = 300;

    public ProviderDescriptor Descriptor { get; } = new(
        "log-files",
        "Log files on this host (a directory and a file-name prefix), searched for lines containing a pattern; as an audit log, for the lines naming a user or key.",
        [Operations.Log.Search, Operations.AuditLog.Lookup],
        [],
        [
            SettingDescriptor.Required("dir", "The directory the log files are in."),
            SettingDescriptor.Optional("prefix", "Only files whose names start with this (default: every file)."),
        ]);

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation == Operations.AuditLog.Lookup.Name)
        {
            return await LookupAsync(request, cancellationToken);
        }

        if (request.Operation != Operations.Log.Search.Name)
        {
            return OperationOutcome.Failure($"log-files does not offer operation '{request.Operation}'");
        }

        var settings = new InputReader("log-files", "setting", request.Settings);
        var directory = settings.Required("dir");
        var prefix = settings.Text("prefix", "");
        var inputs = new InputReader("log-files", "input", request.Inputs);
        var pattern = inputs.Text("pattern", "");
        var within = inputs.Duration("within", TimeSpan.FromMinutes(15));
        var max = inputs.Integer("max", 50, 1, 10_000);
        if ((settings.Error ?? inputs.Error) is { } error)
        {
            return OperationOutcome.Failure(error);
        }

        if (!Directory.Exists(directory))
        {
            return OperationOutcome.Failure($"log-files: directory {directory} does not exist");
        }

        var since = time.GetUtcNow() - within;
        var files = new DirectoryInfo(directory).EnumerateFiles($"{prefix}*")
            .Where(f => f.LastWriteTimeUtc >= since.UtcDateTime)
            .OrderBy(f => f.LastWriteTimeUtc)
            .ToList();
        var found = new List<string>();
        foreach (var file in files)
        {
            await foreach (var line in File.ReadLinesAsync(file.FullName, cancellationToken))
            {
                if (line.Contains(pattern, StringComparison.Ordinal))
                {
                    found.Add($"{file.Name}: {(line.Length > LineLimit ? line[..LineLimit] : line)}");
                }
            }
        }

        var kept = found.TakeLast(max).ToList();
        request.Context.Log.Write($"log-files: {found.Count} lines containing '{pattern}' in {files.Count} files of {directory}");
        return OperationOutcome.Success(new Dictionary<string, string>
        {
            ["count"] = kept.Count.ToString(CultureInfo.InvariantCulture),
            ["latest_at"] = kept.Count > 0 ? new DateTimeOffset(files[^1].LastWriteTimeUtc).ToString("O", CultureInfo.InvariantCulture) : "",
            [Operations.EvidenceOutput] = string.Join('\n', kept),
        });
    }

    public ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProbeOutcome.Invalid($"log-files offers no probe '{request.Probe}'"));
}
