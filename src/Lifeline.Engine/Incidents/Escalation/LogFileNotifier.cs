using System.Text.Json;

namespace Lifeline.Engine.Incidents.Escalation;

/// <summary>
/// The default notifier when an estate has no notification channel: each notice becomes one JSON line
/// (<c>at</c>, <c>incident_id</c>, <c>kind</c>, <c>key</c>, <c>to</c>, <c>subject</c>, <c>message</c>) appended to a file.
/// </summary>
public sealed class LogFileNotifier(string path, TimeProvider time) : IIncidentNotifier
{
    public string Path => path;

    public async Task<NoticeOutcome> SendAsync(IncidentNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var via = $"log {path}";
        try
        {
            if (System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) is { Length: > 0 } directory)
            {
                Directory.CreateDirectory(directory);
            }

            var line = JsonSerializer.Serialize(new LoggedNotice(time.GetUtcNow(), notice.IncidentId, notice.Kind, notice.Key, notice.To, notice.Subject, notice.Message), EscalationJson.Default.LoggedNotice);
            await using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            await using var writer = new StreamWriter(stream);
            await writer.WriteLineAsync(line.AsMemory(), cancellationToken);
            return NoticeOutcome.Sent(via);
        }
        catch (IOException ex)
        {
            return NoticeOutcome.Failed(via, $"could not append to {path}: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            return NoticeOutcome.Failed(via, $"not allowed to append to {path}: {ex.Message}");
        }
    }
}
