namespace Lifeline.Cli.Tests.Support;

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

            throw new InvalidOperationException("cannot find the repository root above " + AppContext.BaseDirectory);
        }
    }
}
