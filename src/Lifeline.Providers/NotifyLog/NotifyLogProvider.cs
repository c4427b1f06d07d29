using System.Text;
using System.Text.Json;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Providers.NotifyLog;

/// <summary>
/// The sandbox's notification channel: every message becomes one JSON line appended to a file, so drills and tests
/// can read exactly what people would have been told, and when.
/// </summary>
internal sealed class NotifyLogProvider(TimeProvider time) : IProvider
{
    public static readonly ProviderDescriptor Description = new(
        "notify-log",
        "Sandbox notifications: appends each message as a JSON line to a file.",
        Operations.Notify.Capability.Operations,
        [],
        [SettingDescriptor.Required("file", "The JSON-lines file messages are appended to.")]);

    private readonly SemaphoreSlim _appends = new(1, 1);

    public ProviderDescriptor Descriptor => Description;

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation != Operations.Notify.Send.Name)
            return OperationOutcome.Failure($"notify-log does not support operation '{request.Operation}'.");
        if (!request.Settings.TryGetValue("file", out var file) || string.IsNullOrWhiteSpace(file))
            return OperationOutcome.Failure("notify-log needs the setting 'file'.");
        var missing = Operations.Notify.Send.Inputs.Where(i => i.IsRequired && !request.Inputs.ContainsKey(i.Name)).Select(i => i.Name).ToList();
        if (missing.Count > 0)
            return OperationOutcome.Failure($"notify.send needs the input(s) {string.Join(", ", missing)}.");

        var entry = new NotifyLogEntry(
            time.GetUtcNow(), request.Inputs["to"], request.Inputs["subject"], request.Inputs["message"],
            request.Context.RunId, request.Context.StepId);
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry, NotifyLogEntry.JsonOptions) + "\n");

        await _appends.WaitAsync(cancellationToken);
        try
        {
            if (Path.GetDirectoryName(Path.GetFullPath(file)) is { } directory)
                Directory.CreateDirectory(directory);
            // One write of one line with O_APPEND: concurrent writers never interleave within a line.
            await using var stream = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            await stream.WriteAsync(line, cancellationToken);
        }
        catch (IOException ex)
        {
            return OperationOutcome.Failure($"could not append to {file}: {ex.Message}", transient: true);
        }
        catch (UnauthorizedAccessException ex)
        {
            return OperationOutcome.Failure($"not allowed to append to {file}: {ex.Message}");
        }
        finally
        {
            _appends.Release();
        }

        request.Context.Log.Write($"notified {entry.To}: {entry.Subject}");
        return OperationOutcome.Success(new Dictionary<string, string> { ["delivered"] = "true" });
    }

    public ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProbeOutcome.Invalid($"notify-log has no probes (asked for '{request.Probe}')."));
}
