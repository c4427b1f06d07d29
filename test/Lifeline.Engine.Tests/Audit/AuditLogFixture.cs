using System.Globalization;
using Lifeline.Engine.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Lifeline.Engine.Tests.Audit;

/// <summary>
/// Builds one 100,000-record audit log per test class; each test tampers with its own copy (<see cref="Copy"/>).
/// </summary>
public sealed class AuditLogFixture : IAsyncLifetime
{
    public const int Records = 100_000;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lifeline-audit-" + Guid.NewGuid().ToString("N")[..8]);

    public string Template => Path.Combine(_directory, "template.db");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var source = Path.Combine(_directory, "source.db");
        await using (var trail = await SqliteAuditTrail.OpenAsync(source, new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero)), CancellationToken.None))
        {
            var appends = new Task[Records];
            for (var i = 0; i < Records; i++)
            {
                var n = i.ToString(CultureInfo.InvariantCulture);
                appends[i] = trail.AppendAsync(new AuditEntry("tester", "step.succeeded", "run-" + (i / 100), null, "step-" + n, "{\"n\":" + n + "}"), CancellationToken.None);
            }

            await Task.WhenAll(appends);
        }

        // A self-contained copy (no -wal file) that tests can copy with File.Copy.
        await using var connection = new SqliteConnection($"Data Source={source}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "VACUUM INTO $target";
        command.Parameters.AddWithValue("$target", Template);
        await command.ExecuteNonQueryAsync();
    }

    public string Copy()
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N")[..8] + ".db");
        File.Copy(Template, path);
        return path;
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }
}
