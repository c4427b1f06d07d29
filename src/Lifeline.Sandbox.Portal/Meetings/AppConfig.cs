using System.Text.RegularExpressions;

namespace Lifeline.Sandbox.Portal.Meetings;

/// <summary>
/// The app's remote config, one file per key in a directory every instance shares: what the mobile app reads (which
/// video provider new calls use, the in-app notice). Written whole and renamed, so a reader never sees half a value.
/// </summary>
internal sealed partial class AppConfig(string directory)
{
    public const string VideoProvider = "video-provider";
    public const string Notice = "in-app-notice";

    public static bool IsKey(string key) => KeyPattern().IsMatch(key);

    public string? Get(string key)
    {
        var path = Path.Combine(directory, key);
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() is { Length: > 0 } value ? value : null : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public IReadOnlyDictionary<string, string> All() =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory).Select(Path.GetFileName).OfType<string>().Where(IsKey).Order(StringComparer.Ordinal)
                .Select(k => (Key: k, Value: Get(k))).Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal)
            : new Dictionary<string, string>();

    public async Task SetAsync(string key, string? value, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, key);
        if (string.IsNullOrWhiteSpace(value))
        {
            File.Delete(path);
            return;
        }

        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(temporary, value, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex KeyPattern();
}
