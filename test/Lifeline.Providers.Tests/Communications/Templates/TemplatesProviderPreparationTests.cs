using Lifeline.Providers.Communications.Templates;

namespace Lifeline.Providers.Tests.Communications.Templates;

public sealed class TemplatesProviderPreparationTests
{
    [Fact]
    public async Task Prepare_RendersEveryTemplateOnceWithoutAFact_AndCompletes()
    {
        var provider = new TemplatesProvider(TimeProvider.System);

        // A run's preparation renders the whole catalog from empty facts; no template may fail on them
        await provider.PrepareAsync(CancellationToken.None);

        Assert.NotEmpty(TemplateCatalog.Names);
    }

    [Fact]
    public async Task Prepare_Cancelled_EndsAsCancelled()
    {
        var provider = new TemplatesProvider(TimeProvider.System);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => provider.PrepareAsync(new CancellationToken(canceled: true)));
    }
}
