using System.Xml.Linq;

namespace Lifeline.Server.Tests.Layering;

/// <summary>Production code knows nothing of the sandbox: only the hosts' composition (the CLI) and tests reference it.</summary>
public sealed class ProjectReferenceTests
{
    [Theory]
    [InlineData("Lifeline.Server")]
    [InlineData("Lifeline.Engine")]
    [InlineData("Lifeline.Core")]
    [InlineData("Lifeline.Providers")]
    public void ProjectReferences_ProductionProject_NeverTheSandbox(string project)
    {
        // Given the project file as it is in the repository
        var file = Path.Combine(RepositoryRoot(), "src", project, project + ".csproj");

        // When its project references are read
        var references = XDocument.Load(file).Descendants("ProjectReference").Select(r => (string?)r.Attribute("Include") ?? "").ToList();

        // Then none of them is the sandbox (or its portal)
        Assert.NotEmpty(File.ReadAllText(file));
        Assert.DoesNotContain(references, r => Path.GetFileName(r).StartsWith("Lifeline.Sandbox", StringComparison.Ordinal));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Lifeline.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Lifeline.slnx not found above " + AppContext.BaseDirectory);
    }
}
