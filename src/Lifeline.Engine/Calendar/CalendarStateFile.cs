using System.Text.Json;

namespace Lifeline.Engine.Calendar;

/// <summary>
/// The calendar's memory on disk (JSON beside the state database), so a restarted host neither forgets a grade nor
/// reminds an owner twice. Written whole to a temporary file and renamed over, so a crash leaves the old or the new.
/// </summary>
public sealed class CalendarStateFile(string path)
{
    public string Path => path;

    /// <summary>The file beside a state database (<c>.lifeline/state.db</c> → <c>.lifeline/calendar.json</c>).</summary>
    public static CalendarStateFile Beside(string statePath) =>
        new(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(statePath)) ?? ".", "calendar.json"));

    /// <summary>What was saved; empty when nothing was; a problem (and empty) when the file cannot be read.</summary>
    public (CalendarSnapshot Snapshot, string? Problem) Load()
    {
        if (!File.Exists(path))
        {
            return (CalendarSnapshot.Empty, null);
        }

        try
        {
            var snapshot = JsonSerializer.Deserialize(File.ReadAllText(path), CalendarJson.Default.CalendarSnapshot);
            return (snapshot ?? CalendarSnapshot.Empty, null);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return (CalendarSnapshot.Empty, $"{path}: the calendar's saved state cannot be read ({ex.Message}); starting from the cadences, and the file is kept until the next save");
        }
    }

    public void Save(CalendarSnapshot snapshot)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(snapshot, CalendarJson.Default.CalendarSnapshot));
        File.Move(temporary, path, overwrite: true);
    }
}
