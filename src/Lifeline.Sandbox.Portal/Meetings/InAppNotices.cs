using System.Text.Json;

namespace Lifeline.Sandbox.Portal.Meetings;

/// <summary>
/// The in-app message users see: the newest message published to the app's message channel (a notify-log file of JSON
/// lines, as the app's push service would receive from the topic). Empty when none was sent.
/// </summary>
internal sealed class InAppNotices(MeetingsSettings settings)
{
    public string Current()
    {
        if (settings.NoticeFile is not { } file || !File.Exists(file))
        {
            return "";
        }

        try
        {
            var last = File.ReadLines(file).LastOrDefault(l => !string.IsNullOrWhiteSpace(l));
            if (last is null)
            {
                return "";
            }

            using var entry = JsonDocument.Parse(last);
            var subject = entry.RootElement.TryGetProperty("subject", out var s) ? s.GetString() : null;
            var message = entry.RootElement.TryGetProperty("message", out var m) ? m.GetString() : null;
            return string.Join("\n", new[] { subject, message }.Where(t => !string.IsNullOrWhiteSpace(t)));
        }
        catch (Exception exception) when (exception is IOException or JsonException)
        {
            return "";
        }
    }
}
