namespace Lifeline.Core.Tests;

/// <summary>Finds files of the repository (examples, schemas) from the test's output directory.</summary>
internal static class RepositoryPaths
{
    public static string Root
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Lifeline.slnx")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("cannot find the repository root (Lifeline.slnx) above " + AppContext.BaseDirectory);
        }
    }

    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);
}
