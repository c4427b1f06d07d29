using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Lifeline.Providers.Tests;

/// <summary>Providers run on the host's clock: a host (or a test) that registers a TimeProvider gets it in every provider.</summary>
public sealed class ProvidersTimeProviderTests
{
    [Fact]
    public async Task AddLifelineProviders_HostRegisteredAClock_ProvidersWaitOnIt()
    {
        // Given a host that registered a fake clock before the providers
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        using var services = new ServiceCollection().AddSingleton<TimeProvider>(time).AddLifelineProviders().BuildServiceProvider();
        var sleep = services.GetRequiredService<ProviderRegistry>().Implementation(Operations.Sleep.Provider)!;

        // When a provider waits an hour
        var request = new OperationRequest(Operations.Sleep.Run.Name, null, new Dictionary<string, string>(), new Dictionary<string, string> { ["duration"] = "1h" }, new StepContext("test", "sleep", 1, 0, RunMode.Drill, new DiscardLog()));
        var sleeping = sleep.ExecuteAsync(request, CancellationToken.None).AsTask();

        // Then the hour passes on the host's clock, not the wall clock
        Assert.Same(time, services.GetRequiredService<TimeProvider>());
        Assert.False(sleeping.IsCompleted);
        time.Advance(TimeSpan.FromHours(1));
        var outcome = await sleeping.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(outcome.Succeeded, outcome.Error);
    }

    private sealed class DiscardLog : IStepLog
    {
        public void Write(string line)
        {
        }
    }
}
