namespace Lifeline.Engine.Tests.Support;

/// <summary>The repository the tests run from, found by walking up to <c>Lifeline.slnx</c>.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Lifeline.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Lifeline.slnx not found above " + AppContext.BaseDirectory);
    }
}
