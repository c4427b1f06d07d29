using System.Text.Json;
using Lifeline.Core.Providers;
using Lifeline.Providers.FileSecrets;
using Lifeline.Providers.NotifyLog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Lifeline.Providers.Tests.NotifyLog;

public sealed class NotifyLogProviderTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly RecordingStepLog _log = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    private ValueTask<OperationOutcome> SendAsync(NotifyLogProvider provider, string file, string subject) =>
        provider.ExecuteAsync(new OperationRequest("notify.send", "oncall",
            new Dictionary<string, string> { ["file"] = file },
            new Dictionary<string, string> { ["to"] = "oncall,cto", ["subject"] = subject, ["message"] = "DR started" },
            RecordingStepLog.Context(_log)), CancellationToken.None);

    [Fact]
    public async Task Send_TwoMessages_AppendsOneJsonLineEach()
    {
        var provider = new NotifyLogProvider(_time);
        var file = Path.Combine(_dir.Path, "nested", "notify.jsonl");

        var first = await SendAsync(provider, file, "DISASTER RECOVERY INITIATED");
        _time.Advance(TimeSpan.FromMinutes(30));
        await SendAsync(provider, file, "Status");

        Assert.True(first.Succeeded);
        Assert.Equal("true", first.Outputs["delivered"]);
        var lines = await File.ReadAllLinesAsync(file);
        Assert.Equal(2, lines.Length);
        using var json = JsonDocument.Parse(lines[0]);
        var root = json.RootElement;
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero), root.GetProperty("time").GetDateTimeOffset());
        Assert.Equal("oncall,cto", root.GetProperty("to").GetString());
        Assert.Equal("DISASTER RECOVERY INITIATED", root.GetProperty("subject").GetString());
        Assert.Equal("DR started", root.GetProperty("message").GetString());
        Assert.Equal("run-1", root.GetProperty("run_id").GetString());
        Assert.Equal("step-1", root.GetProperty("step_id").GetString());
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 30, 0, TimeSpan.Zero), second.RootElement.GetProperty("time").GetDateTimeOffset());
    }

    [Fact]
    public async Task Send_MissingInput_FailsAsValue()
    {
        var provider = new NotifyLogProvider(_time);

        var outcome = await provider.ExecuteAsync(new OperationRequest("notify.send", null,
            new Dictionary<string, string> { ["file"] = Path.Combine(_dir.Path, "n.jsonl") },
            new Dictionary<string, string> { ["to"] = "oncall" }, RecordingStepLog.Context(_log)), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("subject", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_ListsBothSandboxProviders()
    {
        using var services = new ServiceCollection().AddLifelineProviders().BuildServiceProvider();
        var registry = services.GetRequiredService<ProviderRegistry>();

        Assert.IsType<NotifyLogProvider>(registry.Implementation("notify-log"));
        Assert.IsType<FileSecretsProvider>(registry.Implementation("file-secrets"));
    }
}
