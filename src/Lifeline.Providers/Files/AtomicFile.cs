using System.Text.Json;

namespace Lifeline.Providers.Files;

/// <summary>Writes files so readers see the old content or the new, never half of it (temp file in the same directory + rename).</summary>
internal static class AtomicFile
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task WriteAllTextAsync(string path, string content, CancellationToken cancellationToken, UnixFileMode? mode = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        await File.WriteAllTextAsync(temp, content, cancellationToken);
        if (mode is { } unixMode && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, unixMode);
        }

        File.Move(temp, path, overwrite: true);
    }

    public static Task WriteJsonAsync<T>(string path, T value, CancellationToken cancellationToken, UnixFileMode? mode = null) =>
        WriteAllTextAsync(path, JsonSerializer.Serialize(value, Json) + "\n", cancellationToken, mode);

    public static async Task<T?> ReadJsonAsync<T>(string path, CancellationToken cancellationToken)
        where T : class
    {
        if (!File.Exists(path))
        {
            return null;
        }

        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<T>(stream, Json, cancellationToken);
    }
}
