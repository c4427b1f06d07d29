using System.Globalization;
using Npgsql;

namespace Lifeline.Sandbox.Tests.Servers;

/// <summary>
/// A throwaway PostgreSQL cluster for one test class: initdb into a temp dir, start on a free loopback port, stop and
/// delete at the end. PostgreSQL refuses to run as root, so as root it runs as the system user <see cref="OsUser"/>.
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    public const string OsUser = "lifeline-sandbox";

    private readonly string _bin;
    private readonly string? _runAs;

    private PostgresCluster(string bin, string dataDirectory, int port, string? runAs)
    {
        _bin = bin;
        DataDirectory = dataDirectory;
        Port = port;
        _runAs = runAs;
    }

    public string DataDirectory { get; }

    public int Port { get; }

    /// <summary>The postmaster's PID while running (the only process these tests stop).</summary>
    public int? Pid { get; private set; }

    public string ConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Timeout = 3, Pooling = false,
    }.ConnectionString;

    /// <summary>The <c>postgres</c> provider's settings for this cluster, as an estate would bind them.</summary>
    public Dictionary<string, string> ProviderSettings() => new()
    {
        ["host"] = "127.0.0.1",
        ["port"] = Port.ToString(CultureInfo.InvariantCulture),
        ["database"] = "postgres",
        ["user"] = "postgres",
        ["password"] = "unused",
        ["data-dir"] = Path.Combine(DataDirectory, "data"),
    };

    public static async Task<PostgresCluster> LaunchAsync()
    {
        var bin = FindBinaries();
        string? runAs = null;
        if (ExternalCommand.IsRoot)
        {
            await EnsureOsUserAsync();
            runAs = OsUser;
        }

        var dir = await NewOwnedDirectoryAsync(runAs);
        var cluster = new PostgresCluster(bin, dir, FreePort.Tcp(), runAs);
        // initdb takes seconds; copying one initialised data directory takes milliseconds.
        var template = await Template.Value;
        await ExternalCommand.RunCheckedAsync("cp", ["-a", template, Path.Combine(dir, "data")]);
        await cluster.StartAsync();
        return cluster;
    }

    /// <summary>A streaming standby of this cluster (pg_basebackup -R), started on its own free port.</summary>
    public async Task<PostgresCluster> LaunchStandbyAsync()
    {
        var dir = await NewOwnedDirectoryAsync(_runAs);
        var standby = new PostgresCluster(_bin, dir, FreePort.Tcp(), _runAs);
        await ExternalCommand.RunCheckedAsync(Path.Combine(_bin, "pg_basebackup"),
            ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-D", Path.Combine(dir, "data"), "-R", "-X", "stream", "-c", "fast", "--no-sync"], _runAs);
        await standby.StartAsync();
        return standby;
    }

    /// <summary>
    /// An initialised data directory copied for every cluster: initdb takes seconds, a copy milliseconds. It is a cache
    /// kept between runs (like a package cache) at <c>$TMPDIR/lifeline-portal-tests-pgtemplate-&lt;major&gt;</c>, built
    /// aside and renamed into place so that concurrent runs never see half of one. Safe to delete at any time.
    /// </summary>
    private static readonly Lazy<Task<string>> Template = new(async () =>
    {
        var bin = FindBinaries();
        var template = Path.Combine(Path.GetTempPath(), $"lifeline-portal-tests-pgtemplate-{Path.GetFileName(Path.GetDirectoryName(bin))}");
        if (File.Exists(Path.Combine(template, "PG_VERSION")))
            return template;
        var runAs = ExternalCommand.IsRoot ? OsUser : null;
        var building = await NewOwnedDirectoryAsync(runAs, "lifeline-portal-tests-pgtemplate-building-");
        try
        {
            var data = Path.Combine(building, "data");
            await ExternalCommand.RunCheckedAsync(Path.Combine(bin, "initdb"),
                ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"], runAs);
            Directory.Move(data, template);
        }
        catch (IOException) when (File.Exists(Path.Combine(template, "PG_VERSION")))
        {
            // Another run renamed its template into place first.
        }
        finally
        {
            Directory.Delete(building, recursive: true);
        }

        return template;
    });

    private static async Task<string> NewOwnedDirectoryAsync(string? owner, string prefix = "lifeline-portal-tests-pg-")
    {
        var dir = Directory.CreateTempSubdirectory(prefix).FullName;
        if (owner is not null)
            await ExternalCommand.RunCheckedAsync("chown", [owner, dir]);
        return dir;
    }

    public async Task StartAsync()
    {
        var data = Path.Combine(DataDirectory, "data");
        await ExternalCommand.RunCheckedAsync(Path.Combine(_bin, "pg_ctl"),
        [
            "-D", data, "-l", Path.Combine(DataDirectory, "postgres.log"), "-w", "-t", "30",
            "-o", $"-p {Port} -k {DataDirectory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=on",
            "start",
        ], _runAs);
        var pidLine = (await File.ReadAllLinesAsync(Path.Combine(data, "postmaster.pid")))[0];
        Pid = int.Parse(pidLine, CultureInfo.InvariantCulture);
    }

    public async Task StopAsync()
    {
        if (Pid is null)
            return;
        // A fence test may have stopped it already (or restarted it under another PID): pg_ctl finds it by its data directory.
        var (code, output) = await ExternalCommand.RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(DataDirectory, "data"), "-m", "fast", "-w", "stop"], _runAs);
        if (code != 0 && !output.Contains("Is server running?", StringComparison.Ordinal))
            throw new InvalidOperationException($"pg_ctl stop exited {code}: {output}");
        Pid = null;
    }

    public async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    private static string FindBinaries()
    {
        if (System.Environment.GetEnvironmentVariable("PG_BIN") is { Length: > 0 } configured)
            return configured;
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
            : [];
        return candidates.OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).FirstOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL server binaries not found: apt-get install -y postgresql, or set PG_BIN.");
    }

    private static async Task EnsureOsUserAsync()
    {
        if ((await ExternalCommand.RunAsync("id", ["-u", OsUser])).ExitCode == 0)
            return;
        var (code, output) = await ExternalCommand.RunAsync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", OsUser]);
        if (code != 0 && (await ExternalCommand.RunAsync("id", ["-u", OsUser])).ExitCode != 0)
            throw new InvalidOperationException($"could not create system user {OsUser}: {output}");
    }
}
