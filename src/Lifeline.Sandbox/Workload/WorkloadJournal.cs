using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lifeline.Sandbox.Workload;

/// <summary>Appends every acknowledged write and every failure as a JSON line, flushed as it happens.</summary>
internal sealed class WorkloadJournal : IAsyncDisposable
{
    private static readonly JsonSerializerOptions JsonOptions = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly StreamWriter _writer;

    public WorkloadJournal(string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
            Directory.CreateDirectory(directory);
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
    }

    public Task WriteAsync(AcknowledgedWrite write) =>
        _writer.WriteLineAsync(JsonSerializer.Serialize(new JournalLine("ack", write.AcknowledgedAt, write.Address.ToString(), write.PatientId, write.Name), JsonOptions));

    public Task WriteAsync(WorkloadFailure failure) =>
        _writer.WriteLineAsync(JsonSerializer.Serialize(new JournalLine("failure", failure.At, failure.Address?.ToString(), Error: failure.Error), JsonOptions));

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
