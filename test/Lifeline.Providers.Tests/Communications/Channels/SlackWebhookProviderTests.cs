using Lifeline.Providers.Communications.Channels;

namespace Lifeline.Providers.Tests.Communications.Channels;

public sealed class SlackWebhookProviderTests : IDisposable
{
    private readonly RecordingHttpServer _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Execute_Message_PostsOnlyTextWithBoldSubject()
    {
        var outcome = await new SlackWebhookProvider().ExecuteAsync(WebhookProviderTests.Send(_server.Url + "services/T0/B0/x"), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        var body = _server.SingleBody();
        Assert.Equal("*[UPDATE] DR status*\n✓ Phase 1\n⏳ Phase 2", body.GetProperty("text").GetString());
        Assert.Single(body.EnumerateObject());
    }

    [Fact]
    public async Task Execute_NothingListening_IsTransient()
    {
        var outcome = await new SlackWebhookProvider().ExecuteAsync(WebhookProviderTests.Send($"http://127.0.0.1:{RecordingHttpServer.FreePort()}/"), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.True(outcome.IsTransient);
        Assert.StartsWith("slack-webhook: could not reach http://127.0.0.1:", outcome.Error, StringComparison.Ordinal);
    }
}
