using System.Globalization;
using Lifeline.Providers.PgBackRest;
using Npgsql;

namespace Lifeline.Sandbox.Tests.Providers;

/// <summary>
/// The pgbackrest provider against the Axis sandbox's real pgBackRest repository: the primary archives its WAL there and
/// a full backup was taken at up. Restores start real PostgreSQL instances; sandbox down stops them.
/// </summary>
public sealed class PgBackRestProviderTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private readonly PgBackRestProvider _provider = new(TimeProvider.System);
    private readonly TestStep _step = new();

    private IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["stanza"] = sandbox.Variables["LIFELINE_SANDBOX_PITR_STANZA"],
        ["config"] = sandbox.Variables["LIFELINE_SANDBOX_PITR_CONFIG"],
        ["data-root"] = sandbox.Variables["LIFELINE_SANDBOX_PITR_RESTORES"],
    };

    [Fact]
    public async Task RestoreToTime_RowsDeletedAfterTheChosenTime_AreBackAndNothingWrittenLaterIs()
    {
        // Given patients written, the chosen time, then every patient deleted and one more written. The chosen time must
        // come after the fixture's full backup ended, which pgBackRest records to the second (rounded up): a time in the
        // same second as the backup's end has no backup set to restore from (CI, 2026-12-01: "unable to find backup set
        // with stop time less than ..."), so the test starts more than a second after the sandbox came up.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await ExecuteAsync(sandbox.PrimaryConnectionString, "insert into patients (name) select 'pitr-before-' || g from generate_series(1, 25) g");
        var before = await CountAsync(sandbox.PrimaryConnectionString, "select count(*) from patients");
        var chosen = await ScalarAsync<DateTime>(sandbox.PrimaryConnectionString, "select clock_timestamp()");
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        var fault = await sandbox.Manager.FaultAsync(sandbox.Directory, "delete-rows", "db-primary", CancellationToken.None);
        Assert.True(fault.Succeeded, fault.Error);
        await ExecuteAsync(sandbox.PrimaryConnectionString, "insert into patients (name) values ('pitr-after')");
        Assert.Equal(1, await CountAsync(sandbox.PrimaryConnectionString, "select count(*) from patients"));

        // When the stanza is restored to the chosen time into a new instance
        var inputs = new Dictionary<string, string> { ["instance"] = "pitr-test", ["time"] = new DateTimeOffset(chosen, TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture) };
        var restore = await _provider.ExecuteAsync(_step.Operation("database.restore-to-time", Settings, inputs), CancellationToken.None);

        // Then the new instance takes writes and holds every patient as of that time, and nothing written after it
        Assert.True(restore.Succeeded, restore.Error + "\n" + string.Join("\n", _step.Lines));
        var restored = new NpgsqlConnectionStringBuilder(sandbox.PrimaryConnectionString) { Port = int.Parse(restore.Outputs["port"], CultureInfo.InvariantCulture) }.ConnectionString;
        Assert.Equal($"127.0.0.1:{restore.Outputs["port"]}", restore.Outputs["endpoint"]);
        Assert.Equal(before, await CountAsync(restored, "select count(*) from patients"));
        Assert.Equal(25, await CountAsync(restored, "select count(*) from patients where name like 'pitr-before-%'"));
        Assert.Equal(0, await CountAsync(restored, "select count(*) from patients where name = 'pitr-after'"));
        await ExecuteAsync(restored, "insert into patients (name) values ('written to the restored instance')");
        Assert.NotEqual(sandbox.Variables["LIFELINE_SANDBOX_PG_PRIMARY_PORT"], restore.Outputs["port"]);

        // And restoring again under the same name reports the same instance instead of restoring over it
        var again = await _provider.ExecuteAsync(_step.Operation("database.restore-to-time", Settings, inputs), CancellationToken.None);
        Assert.True(again.Succeeded, again.Error);
        Assert.Equal(restore.Outputs["endpoint"], again.Outputs["endpoint"]);
        Assert.Equal(before + 1, await CountAsync(restored, "select count(*) from patients"));
    }

    [Fact]
    public async Task BackupStatus_SandboxUp_ReportsTheFullBackupAndItsAge()
    {
        // Given the sandbox took a full backup at up

        // When the stanza's backups are checked
        var status = await _provider.ProbeAsync(_step.Probe("backup.status", Settings, new Dictionary<string, string> { ["within"] = "24h" }), CancellationToken.None);

        // Then the repository holds it, completed, a few minutes old at most
        Assert.Null(status.Error);
        Assert.Equal("true", status.Fields["vault_exists"]);
        Assert.Equal("1", status.Fields["completed"]);
        Assert.Equal("0", status.Fields["failed"]);
        Assert.InRange(double.Parse(status.Fields["latest_age_s"], CultureInfo.InvariantCulture), 0, 1800);
    }

    [Fact]
    public async Task BackupStatus_UnknownStanza_VaultDoesNotExist()
    {
        // Given a stanza the repository does not hold
        var settings = new Dictionary<string, string>(Settings) { ["stanza"] = "no-such-stanza" };

        // When its backups are checked
        var status = await _provider.ProbeAsync(_step.Probe("backup.status", settings), CancellationToken.None);

        // Then it is reported missing, with no backup
        Assert.Null(status.Error);
        Assert.Equal("false", status.Fields["vault_exists"]);
        Assert.Equal("", status.Fields["latest_age_s"]);
    }

    [Fact]
    public async Task List_Repository_FindsTheBackupManifest()
    {
        // Given the repository with the full backup

        // When the stanza's backup files are listed
        var list = await _provider.ProbeAsync(_step.Probe("object.list", Settings), CancellationToken.None);

        // Then they are there, the newest being written recently
        Assert.Null(list.Error);
        Assert.Equal("true", list.Fields["reachable"]);
        Assert.True(int.Parse(list.Fields["count"], CultureInfo.InvariantCulture) > 0);
        Assert.StartsWith($"backup/{Settings["stanza"]}/", list.Fields["newest_key"], StringComparison.Ordinal);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> CountAsync(string connectionString, string sql) => await ScalarAsync<long>(connectionString, sql);
}
