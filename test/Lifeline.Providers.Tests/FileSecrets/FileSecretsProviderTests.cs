using System.Security.Cryptography;
using System.Text;
using Lifeline.Core.Providers;
using Lifeline.Providers.FileSecrets;

namespace Lifeline.Providers.Tests.FileSecrets;

public sealed class FileSecretsProviderTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly RecordingStepLog _log = new();
    private readonly FileSecretsProvider _provider = new();

    public void Dispose() => _dir.Dispose();

    private Dictionary<string, string> Settings => new() { ["dir"] = _dir.Path, ["name"] = "db-endpoint" };

    private ValueTask<OperationOutcome> PutAsync(string value) =>
        _provider.ExecuteAsync(new OperationRequest("secret.put", "db-endpoint", Settings,
            new Dictionary<string, string> { ["value"] = value }, RecordingStepLog.Context(_log)), CancellationToken.None);

    private ValueTask<ProbeOutcome> GetAsync() =>
        _provider.ProbeAsync(new ProbeRequest("secret.get", "db-endpoint", Settings, new Dictionary<string, string>(),
            RecordingStepLog.Context(_log)), CancellationToken.None);

    [Fact]
    public async Task Put_NewValues_WritesAtomicallyWithIncreasingVersions()
    {
        var first = await PutAsync("""{"host":"127.0.0.1","port":5432}""");
        var second = await PutAsync("""{"host":"127.0.0.2","port":5432}""");

        Assert.True(first.Succeeded);
        Assert.Equal("1", first.Outputs["version"]);
        Assert.Equal("2", second.Outputs["version"]);
        Assert.Equal("""{"host":"127.0.0.2","port":5432}""", await File.ReadAllTextAsync(Path.Combine(_dir.Path, "db-endpoint")));
        Assert.Equal("2", await File.ReadAllTextAsync(Path.Combine(_dir.Path, "db-endpoint.version")));
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.tmp"));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_dir.Path, "db-endpoint")));
    }

    [Fact]
    public async Task Put_SameValueTwice_KeepsVersion()
    {
        await PutAsync("same");
        var again = await PutAsync("same");

        Assert.Equal("1", again.Outputs["version"]);
    }

    [Fact]
    public async Task Put_Value_NeverLogsTheValue()
    {
        await PutAsync("hunter2-password");

        Assert.NotEmpty(_log.Lines);
        Assert.DoesNotContain(_log.Lines, l => l.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_AfterPut_ReportsExistsAndSha256()
    {
        await PutAsync("value-1");

        var probe = await GetAsync();

        Assert.Null(probe.Error);
        Assert.Equal("true", probe.Fields["exists"]);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("value-1"))), probe.Fields["sha256"]);
        Assert.DoesNotContain(probe.Fields.Values, v => v.Contains("value-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_Missing_ReportsNotExists()
    {
        var probe = await GetAsync();

        Assert.Equal("false", probe.Fields["exists"]);
    }

    [Fact]
    public async Task Put_MissingSettings_FailsAsValue()
    {
        var outcome = await _provider.ExecuteAsync(new OperationRequest("secret.put", null, new Dictionary<string, string>(),
            new Dictionary<string, string> { ["value"] = "x" }, RecordingStepLog.Context(_log)), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("'dir'", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_NameWithPath_IsRefused()
    {
        var settings = new Dictionary<string, string> { ["dir"] = _dir.Path, ["name"] = "../escape" };

        var outcome = await _provider.ExecuteAsync(new OperationRequest("secret.put", null, settings,
            new Dictionary<string, string> { ["value"] = "x" }, RecordingStepLog.Context(_log)), CancellationToken.None);

        Assert.False(outcome.Succeeded);
    }
}
