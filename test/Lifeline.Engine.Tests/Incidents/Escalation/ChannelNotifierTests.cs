using Lifeline.Core.Providers;
using Lifeline.Engine.Incidents.Escalation;
using Lifeline.Engine.Tests.Support;
using Lifeline.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Engine.Tests.Incidents.Escalation;

public sealed class ChannelNotifierTests
{
    private const string Plan = """
        scenario: any
        severity: P2
        phases: [ { id: only, name: Only, budget: 1m, steps: [ { id: a, action: noop.run } ] } ]
        """;

    [Fact]
    public async Task SendAsync_ExtraChannelThrows_IsAFailedDeliveryAndTheNoticeStillGoesOut()
    {
        // Given a real webhook channel, and an extra channel whose provider throws (ThrowingChannel, a stand-in: no
        // real channel can be made to throw on demand)
        await using var harness = await EngineHarness.CreateAsync();
        await using var server = new ScriptedHttpServer(200);
        var loaded = harness.Load(Plan, $$"""
              pager:
                kind: notification-channel
                site: here
                bindings:
                  test: { provider: webhook, settings: { url: "{{server.Url}}" } }
            """);
        var providers = new ServiceCollection().AddLifelineProviders().AddSingleton<IProvider, ThrowingChannel>().BuildServiceProvider().GetRequiredService<ProviderRegistry>();
        var notifier = new ChannelNotifier(loaded.Estate, "test", "pager", providers, _ => null, [new("throwing", new Dictionary<string, string>())]);

        // When a notice is sent
        var outcome = await notifier.SendAsync(new IncidentNotice("INC-1", NoticeKind.Page, "paged level 1", ["ops"], "Primary down", "Please look."), CancellationToken.None);

        // Then nothing escaped: the notice went out through the channel, and the extra channel's failure is a value
        Assert.True(outcome.Delivered, outcome.Error);
        Assert.Equal(1, server.Count);
        var also = Assert.Single(outcome.Also);
        Assert.False(also.Delivered);
        Assert.Contains("throwing failed unexpectedly: InvalidOperationException: the channel is broken", also.Error, StringComparison.Ordinal);
    }

    private sealed class ThrowingChannel : IProvider
    {
        public ProviderDescriptor Descriptor { get; } = new("throwing", "Throws on every send.", [], [], []);

        public ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the channel is broken");

        public ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the channel is broken");
    }
}
