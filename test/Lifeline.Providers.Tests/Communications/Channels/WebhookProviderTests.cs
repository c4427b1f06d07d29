using Lifeline.Core.Providers;
using Lifeline.Providers.Communications.Channels;

namespace Lifeline.Providers.Tests.Communications.Channels;

public sealed class WebhookProviderTests : IDisposable
{
    private readonly RecordingHttpServer _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Execute_Message_PostsSubjectMessageToRunAndStep()
    {
        var outcome = await new WebhookProvider().ExecuteAsync(Send(_server.Url + "hooks/dr"), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal("true", outcome.Outputs["delivered"]);
        var (path, body, contentType) = Assert.Single(_server.Requests);
        Assert.Equal("/hooks/dr", path);
        Assert.StartsWith("application/json", contentType, StringComparison.Ordinal);
        Assert.Equal("[UPDATE] DR status", body.GetProperty("subject").GetString());
        Assert.Equal("✓ Phase 1\n⏳ Phase 2", body.GetProperty("message").GetString());
        Assert.Equal("cto,dba", body.GetProperty("to").GetString());
        Assert.Equal("run-1", body.GetProperty("run_id").GetString());
        Assert.Equal("step-1", body.GetProperty("step_id").GetString());
    }

    [Fact]
    public async Task Execute_ServerError_IsTransientAndNamesTheServer()
    {
        _server.Status = 503;

        var outcome = await new WebhookProvider().ExecuteAsync(Send(_server.Url), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.True(outcome.IsTransient);
        Assert.Contains($"{_server.Url.TrimEnd('/')} answered 503", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_BadRequest_IsPermanent()
    {
        _server.Status = 400;

        var outcome = await new WebhookProvider().ExecuteAsync(Send(_server.Url), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.False(outcome.IsTransient);
    }

    [Fact]
    public async Task Execute_NothingListening_IsTransientInOneLineNamingTheServer()
    {
        var url = $"http://127.0.0.1:{RecordingHttpServer.FreePort()}/";

        var outcome = await new WebhookProvider().ExecuteAsync(Send(url), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.True(outcome.IsTransient);
        Assert.StartsWith($"webhook: could not reach {url.TrimEnd('/')}", outcome.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', outcome.Error!);
    }

    [Fact]
    public async Task Execute_NoUrl_FailsNamingTheSetting()
    {
        var request = Send(_server.Url) with { Settings = new Dictionary<string, string>() };

        var outcome = await new WebhookProvider().ExecuteAsync(request, CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("url", outcome.Error, StringComparison.Ordinal);
    }

    internal static OperationRequest Send(string url, Dictionary<string, string>? extra = null, string setting = "url") => new(
        "notify.send", "ops-hook", new Dictionary<string, string> { [setting] = url },
        new Dictionary<string, string>(extra ?? []) { ["to"] = "cto,dba", ["subject"] = "[UPDATE] DR status", ["message"] = "✓ Phase 1\n⏳ Phase 2" },
        RecordingStepLog.Context(new RecordingStepLog()));
}
