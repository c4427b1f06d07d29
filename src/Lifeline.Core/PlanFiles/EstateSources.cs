using Lifeline.Core.Diagnostics;

namespace Lifeline.Core.PlanFiles;

/// <summary>
/// A snapshot of an estate's files: the estate file and <c>plans/*.yaml</c>, by display path (as the user gave it),
/// sorted. Runs store it so resume re-parses exactly what was started, without touching the disk.
/// </summary>
public sealed record EstateSources(string Root, string EstateFile, IReadOnlyDictionary<string, string> Files)
{
    public const string EstateFileName = "estate.yaml";

    /// <summary>Whether only some plans were kept (<see cref="PlanScope.Narrow"/>), so references to the others cannot be checked.</summary>
    public bool Narrowed { get; init; }
    public const string PlansFolder = "plans";

    /// <summary>The largest estate or plan file read; real ones are a few kilobytes.</summary>
    public const int MaximumFileBytes = 4 * 1024 * 1024;

    /// <summary>Reads an estate from its directory, its <c>estate.yaml</c>, or a plan file inside <c>&lt;dir&gt;/plans/</c>.</summary>
    public static (EstateSources? Sources, IReadOnlyList<Diagnostic> Diagnostics) Read(string path)
    {
        var root = RootOf(path);
        var estateFile = root is null ? null : Path.Combine(root, EstateFileName);
        if (root is null || !File.Exists(estateFile))
        {
            return (null, [Diagnostic.Error(new SourceLocation(path, 0, 0), $"no estate at {path}", $"a directory with {EstateFileName}")]);
        }

        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var diagnostics = new List<Diagnostic>();
        Add(estateFile!, files, diagnostics);
        var plans = Path.Combine(root, PlansFolder);
        if (Directory.Exists(plans))
        {
            foreach (var plan in Directory.GetFiles(plans, "*.yaml").Order(StringComparer.Ordinal))
            {
                Add(plan, files, diagnostics);
            }
        }

        return diagnostics.Count > 0 ? (null, diagnostics) : (new EstateSources(root, estateFile!, files), []);
    }

    private static string? RootOf(string path)
    {
        if (Directory.Exists(path))
        {
            return path;
        }

        if (!File.Exists(path))
        {
            return null;
        }

        var directory = Path.GetDirectoryName(path) ?? "";
        if (Path.GetFileName(path) == EstateFileName)
        {
            return directory.Length == 0 ? "." : directory;
        }

        if (Path.GetFileName(directory) == PlansFolder)
        {
            var parent = Path.GetDirectoryName(directory);
            return string.IsNullOrEmpty(parent) ? "." : parent;
        }

        return null;
    }

    private static void Add(string file, SortedDictionary<string, string> files, List<Diagnostic> diagnostics)
    {
        var at = new SourceLocation(file, 1, 1);
        if (FileKind.NotRegular(file) is { } kind)
        {
            diagnostics.Add(Diagnostic.Error(at, $"{file} is {kind}, not a regular file", "a regular file (a symlink may point to one)"));
            return;
        }

        try
        {
            // Read at most one byte past the limit: a file that grows while it is read, or lies about its size, stops there.
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
            var buffer = new byte[Math.Min(stream.CanSeek ? stream.Length : MaximumFileBytes, MaximumFileBytes) + 1];
            var read = 0;
            int n;
            while (read < buffer.Length && (n = stream.Read(buffer, read, buffer.Length - read)) > 0)
            {
                read += n;
                if (read == buffer.Length && buffer.Length <= MaximumFileBytes)
                {
                    Array.Resize(ref buffer, (int)Math.Min(MaximumFileBytes + 1L, buffer.Length * 2L));
                }
            }

            if (read > MaximumFileBytes)
            {
                diagnostics.Add(Diagnostic.Error(at, $"{file} is larger than {MaximumFileBytes / (1024 * 1024)} MB", $"a plan or estate file of at most {MaximumFileBytes / (1024 * 1024)} MB"));
                return;
            }

            files[file] = new System.Text.UTF8Encoding(false).GetString(buffer, 0, read).TrimStart('\uFEFF');
        }
        catch (IOException e)
        {
            diagnostics.Add(Diagnostic.Error(at, $"cannot read {file}: {e.Message}", "a readable file"));
        }
        catch (UnauthorizedAccessException e)
        {
            diagnostics.Add(Diagnostic.Error(at, $"cannot read {file}: {e.Message}", "a readable file"));
        }
    }
}
