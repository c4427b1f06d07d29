namespace Lifeline.Providers.ProcessService;

/// <summary>
/// An exclusive claim on a service, held as an OS file lock (flock through FileShare.None), so it excludes other
/// threads and other processes alike and dies with its holder.
/// </summary>
internal static class ServiceLock
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);

    public static async Task<IDisposable> AcquireAsync(string path, TimeProvider time, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(Poll, time, cancellationToken);
            }
        }
    }
}
