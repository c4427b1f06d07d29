using Lifeline.Core.Providers;
using Lifeline.Providers.Communications.Channels;

namespace Lifeline.Providers.Tests.Communications.Channels;

public sealed class PagerDutyProviderTests : IDisposable
{
    private readonly RecordingHttpServer _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Execute_NoEventAction_TriggersWithRunIdAsDedupKey()
    {
        _server.Status = 202;

        var outcome = await new PagerDutyProvider().ExecuteAsync(Send(), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal("run-1", outcome.Outputs["dedup_key"]);
        var body = _server.SingleBody();
        Assert.Equal("R0UT1NG", body.GetProperty("routing_key").GetString());
        Assert.Equal("trigger", body.GetProperty("event_action").GetString());
        Assert.Equal("run-1", body.GetProperty("dedup_key").GetString());
        var payload = body.GetProperty("payload");
        Assert.Equal("[UPDATE] DR status", payload.GetProperty("summary").GetString());
        Assert.Equal("lifeline", payload.GetProperty("source").GetString());
        Assert.Equal("critical", payload.GetProperty("severity").GetString());
        Assert.Equal("step-1", payload.GetProperty("custom_details").GetProperty("step_id").GetString());
    }

    [Theory]
    [InlineData("acknowledge")]
    [InlineData("resolve")]
    public async Task Execute_AcknowledgeOrResolve_SendsTheActionForTheDedupKeyWithoutPayload(string action)
    {
        var outcome = await new PagerDutyProvider().ExecuteAsync(Send(new() { ["event-action"] = action, ["dedup-key"] = "incident-7" }), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        var body = _server.SingleBody();
        Assert.Equal(action, body.GetProperty("event_action").GetString());
        Assert.Equal("incident-7", body.GetProperty("dedup_key").GetString());
        Assert.False(body.TryGetProperty("payload", out _));
    }

    [Fact]
    public async Task Execute_UnknownEventAction_FailsWithoutSending()
    {
        var outcome = await new PagerDutyProvider().ExecuteAsync(Send(new() { ["event-action"] = "snooze" }), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("'snooze'", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Execute_RejectedRoutingKey_IsPermanent()
    {
        _server.Status = 400;

        var outcome = await new PagerDutyProvider().ExecuteAsync(Send(), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.False(outcome.IsTransient);
        Assert.Contains("answered 400", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Descriptor_KeepsNotifyInputsAndAddsOptionalEventInputs()
    {
        var inputs = PagerDutyProvider.Description.FindOperation("notify.send")!.Inputs;

        Assert.Equal(["to", "subject", "message"], inputs.Where(i => i.IsRequired).Select(i => i.Name));
        Assert.Equal(["event-action", "dedup-key", "severity"], inputs.Where(i => !i.IsRequired).Select(i => i.Name));
    }

    private OperationRequest Send(Dictionary<string, string>? inputs = null)
    {
        var request = WebhookProviderTests.Send(_server.Url + "v2/enqueue", inputs);
        return request with { Settings = new Dictionary<string, string>(request.Settings) { ["routing-key"] = "R0UT1NG" } };
    }
}
