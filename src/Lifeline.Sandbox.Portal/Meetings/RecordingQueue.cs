namespace Lifeline.Sandbox.Portal.Meetings;

/// <summary>
/// Recordings waiting for the media pipeline (files in the queue store), and the upload to the bucket. Both keep a
/// recording under the same key, <c>&lt;meeting&gt;/&lt;file&gt;</c>, so a sync of the queue into the bucket and this
/// service's own processing agree. Copy, then remove from the queue: a crash between the two uploads twice, never zero times.
/// </summary>
internal sealed class RecordingQueue(string queueDirectory, string bucketDirectory)
{
    private readonly Lock _upload = new();

    public int Queued => Directory.Exists(queueDirectory) ? Directory.EnumerateFiles(queueDirectory, "*.rec", SearchOption.AllDirectories).Count() : 0;

    public int Uploaded => Directory.Exists(bucketDirectory) ? Directory.EnumerateFiles(bucketDirectory, "*.rec", SearchOption.AllDirectories).Count() : 0;

    public async Task<string> EnqueueAsync(string meeting, string content, CancellationToken cancellationToken)
    {
        var key = Key(meeting);
        var path = Path.Combine(queueDirectory, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path + ".tmp", content, cancellationToken);
        File.Move(path + ".tmp", path);
        return key;
    }

    public async Task<string> UploadAsync(string meeting, string content, CancellationToken cancellationToken)
    {
        var key = Key(meeting);
        var path = Path.Combine(bucketDirectory, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, content, cancellationToken);
        File.Move(temporary, path, overwrite: true);
        return key;
    }

    /// <summary>Moves every queued recording to the bucket; returns how many, and why any could not be moved.</summary>
    public (int Moved, IReadOnlyList<string> Failed) Drain()
    {
        if (!Directory.Exists(queueDirectory))
        {
            return (0, []);
        }

        // Two instances may drain one queue: a file another instance took first is skipped.
        lock (_upload)
        {
            var moved = 0;
            var failed = new List<string>();
            foreach (var file in Directory.EnumerateFiles(queueDirectory, "*.rec", SearchOption.AllDirectories).ToList())
            {
                var destination = Path.Combine(bucketDirectory, Path.GetRelativePath(queueDirectory, file));
                try
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                    File.Copy(file, destination + ".tmp", overwrite: true);
                    File.Move(destination + ".tmp", destination, overwrite: true);
                    File.Delete(file);
                    moved++;
                }
                catch (FileNotFoundException)
                {
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    // A recording that cannot be moved now stays queued for the next pass; the manager keeps serving.
                    failed.Add($"{Path.GetRelativePath(queueDirectory, file)}: {exception.Message}");
                }
            }

            return (moved, failed);
        }
    }

    private static string Key(string meeting) => Path.Combine(meeting, $"{Guid.NewGuid():N}.rec");
}
