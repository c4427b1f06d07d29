using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Lifeline.Cli.Tests.Support;
using Npgsql;

namespace Lifeline.Cli.Tests.Commands;

/// <summary>
/// The Axis database-failure plans as drills on a real sandbox, through the real CLI: the Multi-AZ failover after the
/// primary is killed under writes, and the point-in-time restore after every patient was deleted.
/// </summary>
public sealed class DatabaseFailureDrillTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "lifeline-dbdrill-" + Guid.NewGuid().ToString("N")[..8]);
    private DateTimeOffset _upFinished;

    public DatabaseFailureDrillTests() => Directory.CreateDirectory(_work);

    private string Sandbox => Path.Combine(_work, "sandbox");

    [Fact]
    public async Task Drill_DatabaseFailurePrimaryKilledUnderWrites_PortalServesTheStandbyWithEveryAcknowledgedWrite()
    {
        await WithSandboxAsync(async settings =>
        {
            // Given writes acknowledged by the primary right up to the moment it is killed
            var primary = Connection(settings, "LIFELINE_SANDBOX_PG_PRIMARY_PORT");
            using var stop = new CancellationTokenSource();
            var acknowledged = new ConcurrentQueue<int>();
            var writing = Task.Run(async () =>
            {
                try
                {
                    await using var connection = new NpgsqlConnection(primary);
                    await connection.OpenAsync(stop.Token);
                    for (var id = 1; !stop.IsCancellationRequested; id++)
                    {
                        await using var insert = new NpgsqlCommand($"insert into audit_logs (action, entity, entity_id) values ('drill-write', 'test', {id.ToString(CultureInfo.InvariantCulture)})", connection);
                        await insert.ExecuteNonQueryAsync(stop.Token);
                        acknowledged.Enqueue(id);
                    }
                }
                catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException or IOException)
                {
                    // The primary died mid-write: that write was never acknowledged.
                }
            });
            while (acknowledged.Count < 100 && !writing.IsCompleted)
            {
                await Task.Delay(20);
            }

            Assert.Equal(0, (await CliProcess.RunAsync(RepositoryPaths.Root, "sandbox", "fault", "kill", "db-primary", "--dir", Sandbox)).ExitCode);
            await stop.CancelAsync();
            await writing;

            // When the database-failure plan runs as a drill
            var report = await DrillAsync("database-failure");

            // Then it succeeds, the secret points at the Multi-AZ standby, and that standby holds every acknowledged write
            Assert.Equal("succeeded", report.GetProperty("status").GetString());
            Assert.Equal(int.Parse(settings["LIFELINE_SANDBOX_PG_STANDBY_AZ_PORT"], CultureInfo.InvariantCulture), SecretPort(settings));
            var standby = Connection(settings, "LIFELINE_SANDBOX_PG_STANDBY_AZ_PORT");
            Assert.True(acknowledged.Count >= 100, $"only {acknowledged.Count} writes were acknowledged");
            Assert.Equal(acknowledged.Count, await ScalarAsync(standby, $"select count(*) from audit_logs where action = 'drill-write' and entity_id <= {acknowledged.Max().ToString(CultureInfo.InvariantCulture)}"));
        });
    }

    [Fact]
    public async Task Drill_DatabasePitrAfterRowsDeleted_PortalServesTheDataAsOfTheChosenTimeAndNothingLater()
    {
        await WithSandboxAsync(async settings =>
        {
            // Given patients written, the chosen time, then every patient deleted and one more written. The chosen time
            // is in a later second than the sandbox's full backup: pgBackRest keeps a backup's stop time in whole
            // seconds and finds no backup set to restore to a time in the second it stopped (quiet machines got there)
            await WaitPastTheNextSecondAsync(_upFinished);
            var primary = Connection(settings, "LIFELINE_SANDBOX_PG_PRIMARY_PORT");
            await ScalarAsync(primary, "with added as (insert into patients (name) select 'drill-before-' || g from generate_series(1, 40) g returning 1) select count(*) from added");
            var before = await ScalarAsync(primary, "select count(*) from patients");
            var chosen = await ScalarAsync<DateTime>(primary, "select clock_timestamp()");
            await Task.Delay(TimeSpan.FromMilliseconds(200));
            var fault = await CliProcess.RunAsync(RepositoryPaths.Root, "sandbox", "fault", "delete-rows", "db-primary", "--dir", Sandbox);
            Assert.True(fault.ExitCode == 0, fault.Stderr);
            await ScalarAsync(primary, "with added as (insert into patients (name) values ('drill-after') returning 1) select count(*) from added");

            // When the point-in-time plan runs as a drill, restoring to the chosen time
            var time = new DateTimeOffset(chosen, TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture);
            var report = await DrillAsync("database-pitr", "--input", $"restore-time={time}", "--input", "instance=drill-pitr");

            // Then it succeeds and the portal's database is a new instance holding the patients as of that time, and not the later one
            Assert.Equal("succeeded", report.GetProperty("status").GetString());
            var port = SecretPort(settings);
            Assert.NotEqual(int.Parse(settings["LIFELINE_SANDBOX_PG_PRIMARY_PORT"], CultureInfo.InvariantCulture), port);
            var restored = new NpgsqlConnectionStringBuilder(primary) { Port = port }.ConnectionString;
            Assert.Equal(before, await ScalarAsync(restored, "select count(*) from patients"));
            Assert.Equal(0L, await ScalarAsync(restored, "select count(*) from patients where name = 'drill-after'"));
            Assert.Equal(0L, await ScalarAsync(primary, "select count(*) from patients where name like 'drill-before-%'"));
        });
    }

    public void Dispose()
    {
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    private async Task WithSandboxAsync(Func<IReadOnlyDictionary<string, string>, Task> test)
    {
        var up = await CliProcess.RunAsync(RepositoryPaths.Root, "sandbox", "up", "--dir", Sandbox);
        Assert.True(up.ExitCode == 0, up.Stderr);
        _upFinished = TimeProvider.System.GetUtcNow();
        try
        {
            var settings = File.ReadAllLines(Path.Combine(Sandbox, "sandbox.env"))
                .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
            await test(settings);
        }
        finally
        {
            var down = await CliProcess.RunAsync(RepositoryPaths.Root, "sandbox", "down", "--dir", Sandbox);
            Assert.True(down.ExitCode == 0, down.Stderr);
        }
    }

    /// <summary>Until the clock is past the whole second after <paramref name="since"/>.</summary>
    private static async Task WaitPastTheNextSecondAsync(DateTimeOffset since)
    {
        var after = since.AddTicks(-(since.Ticks % TimeSpan.TicksPerSecond)).AddSeconds(2);
        while (TimeProvider.System.GetUtcNow() < after)
        {
            await Task.Delay(after - TimeProvider.System.GetUtcNow(), TimeProvider.System);
        }
    }

    private async Task<JsonElement> DrillAsync(string scenario, params string[] inputs)
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync(
            RepositoryPaths.Root,
            ["run", scenario, "--estate", "examples/axis-imaging", "--mode", "drill", "--auto-approve", "--state", Path.Combine(_work, "state.db"), "--output", "json", .. inputs],
            new Dictionary<string, string> { ["LIFELINE_SANDBOX_DIR"] = Sandbox });
        Assert.True(exit == 0, $"{scenario} drill exited {exit}\n{stdout}\n{stderr}");
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    /// <summary>The port in the database secret the portal reads when it starts.</summary>
    private static int SecretPort(IReadOnlyDictionary<string, string> settings) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(settings["LIFELINE_SANDBOX_SECRETS_DIR"], "db-endpoint"))).RootElement.GetProperty("port").GetInt32();

    private static string Connection(IReadOnlyDictionary<string, string> settings, string portVariable) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = int.Parse(settings[portVariable], CultureInfo.InvariantCulture),
        Database = settings["LIFELINE_SANDBOX_PG_DATABASE"],
        Username = settings["LIFELINE_SANDBOX_PG_USER"],
        Password = settings["LIFELINE_SECRET_SANDBOX_PG_PASSWORD"],
        Pooling = false,
        Timeout = 5,
    }.ConnectionString;

    private static Task<long> ScalarAsync(string connectionString, string sql) => ScalarAsync<long>(connectionString, sql);

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
