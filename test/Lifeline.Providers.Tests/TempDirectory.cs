namespace Lifeline.Providers.Tests;

internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("lifeline-providers-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
