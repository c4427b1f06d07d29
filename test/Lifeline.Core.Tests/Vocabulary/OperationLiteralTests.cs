using System.Text.RegularExpressions;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Core.Tests.Vocabulary;

/// <summary>Operations are referred to by symbol; their wire names are written once, in the vocabulary.</summary>
public sealed partial class OperationLiteralTests
{
    [Fact]
    public void Sources_OutsideTheVocabulary_NameNoOperationByLiteral()
    {
        // Given every operation and probe the vocabulary knows, and every C# file under src/
        var names = Operations.Names.ToHashSet(StringComparer.Ordinal);
        var vocabulary = RepositoryPaths.Of("src", "Lifeline.Core", "Vocabulary") + Path.DirectorySeparatorChar;
        var files = Directory.EnumerateFiles(RepositoryPaths.Of("src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(vocabulary, StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

        // When they are scanned for "capability.operation" string literals
        var found = new List<string>();
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                found.AddRange(Literal().Matches(lines[i]).Select(m => m.Groups[1].Value).Where(names.Contains)
                    .Select(name => $"{Path.GetRelativePath(RepositoryPaths.Root, file)}:{i + 1}: \"{name}\""));
            }
        }

        // Then there are none
        Assert.True(found.Count == 0, "use the symbol from Lifeline.Core.Vocabulary.Operations (e.g. Operations.Database.Promote.Name) instead of:\n" + string.Join('\n', found));
    }

    [Fact]
    public void Vocabulary_NamesAreUniqueAndPrefixedByTheirCapability()
    {
        // Given every capability
        foreach (var capability in Operations.All)
        {
            // Then each operation and probe name starts with the capability's name and maps back to it
            foreach (var name in capability.Operations.Select(o => o.Name).Concat(capability.Probes.Select(p => p.Name)))
            {
                Assert.StartsWith(capability.Name + ".", name, StringComparison.Ordinal);
                Assert.Same(capability, Operations.CapabilityOf(name));
            }
        }
    }

    [GeneratedRegex("\"([a-z]+\\.[a-z][a-z-]*)\"")]
    private static partial Regex Literal();
}
