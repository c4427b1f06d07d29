using System.Text.Json;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Providers.Tests.Catalog;

/// <summary>docs/providers.md is the catalogue generated from the descriptors validation uses; this keeps them equal.</summary>
public sealed class ProviderCatalogDocsTests
{
    [Fact]
    public void ProvidersMarkdown_CheckedIn_EqualsTheGeneratedCatalogue()
    {
        // Given every provider this build registers (implemented and described-only)
        using var services = new ServiceCollection().AddLifelineProviders().BuildServiceProvider();
        var registry = services.GetRequiredService<ProviderRegistry>();

        // When the catalogue is generated
        var generated = CatalogWriter.Markdown(registry.Descriptors);

        // Then docs/providers.md is exactly that text
        var path = Path.Combine(Root(), "docs", "providers.md");
        var checkedIn = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";
        Assert.True(checkedIn == generated, "docs/providers.md is out of date; regenerate it with: ./lifeline providers --markdown > docs/providers.md");
    }

    [Fact]
    public void ProvidersJson_EveryProvider_HasOperationsInputsOutputsSettingsAndExecutes()
    {
        // Given every provider this build registers
        using var services = new ServiceCollection().AddLifelineProviders().BuildServiceProvider();
        var registry = services.GetRequiredService<ProviderRegistry>();

        // When the catalogue is written as JSON
        using var json = JsonDocument.Parse(CatalogWriter.Json(registry.Descriptors));
        var providers = json.RootElement.GetProperty("providers").EnumerateArray().ToList();

        // Then every provider is listed with whether it executes, and each operation with inputs, outputs and required settings
        Assert.Equal(registry.Descriptors.Count, providers.Count);
        Assert.True(providers.Single(p => p.GetProperty("name").GetString() == "aws-rds").GetProperty("executes").GetBoolean());
        var postgres = providers.Single(p => p.GetProperty("name").GetString() == "postgres");
        Assert.True(postgres.GetProperty("executes").GetBoolean());
        var promote = postgres.GetProperty("operations").EnumerateArray().Single(o => o.GetProperty("name").GetString() == Operations.Database.Promote.Name);
        Assert.Contains(promote.GetProperty("inputs").EnumerateArray(), i => i.GetProperty("name").GetString() == "wait" && i.GetProperty("type").GetString() == "duration");
        Assert.Contains(promote.GetProperty("outputs").EnumerateArray(), o => o.GetProperty("name").GetString() == "endpoint");
        Assert.Contains(promote.GetProperty("required_settings").EnumerateArray(), s => s.GetString() == "host");
        var status = postgres.GetProperty("probes").EnumerateArray().Single(p => p.GetProperty("name").GetString() == Operations.Database.Status.Name);
        Assert.Contains(status.GetProperty("fields").EnumerateArray(), f => f.GetProperty("name").GetString() == "lag_seconds" && f.GetProperty("type").GetString() == "number");
    }

    [Fact]
    public void Registry_EveryOperationAndProbe_IsInTheVocabulary()
    {
        // Given every provider this build registers
        using var services = new ServiceCollection().AddLifelineProviders().BuildServiceProvider();
        var registry = services.GetRequiredService<ProviderRegistry>();

        // Then each operation and probe it offers is declared by the vocabulary (no provider invents names)
        foreach (var provider in registry.Descriptors)
        {
            Assert.All(provider.Operations, o => Assert.NotNull(Operations.FindOperation(o.Name)));
            Assert.All(provider.Probes, p => Assert.NotNull(Operations.FindProbe(p.Name)));
        }
    }

    private static string Root()
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
