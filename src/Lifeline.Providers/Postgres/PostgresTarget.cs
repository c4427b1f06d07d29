using System.Globalization;
using Lifeline.Providers.Inputs;
using Npgsql;

namespace Lifeline.Providers.Postgres;

/// <summary>One PostgreSQL member as the binding's settings describe it.</summary>
/// <remarks>
/// <c>data-dir</c> (and <c>bin-dir</c>) grant host access: the fences that stop or restart the server, or rewrite its
/// pg_hba.conf, need it. <c>monitor-user</c> is the role a <c>block</c> fence still lets in, for monitoring.
/// <c>upstream</c> (host:port) is the member this one follows once reprotected, streaming as <c>replication-user</c>.
/// </remarks>
internal sealed record PostgresTarget(string Host, int Port, string Database, string User, string Password, string? DataDirectory, string BinDirectory, string? MonitorUser = null)
{
    public string? Upstream { get; init; }

    public string? ReplicationUser { get; init; }

    public string? ReplicationPassword { get; init; }

    /// <summary>
    /// The standbys (application names) whose replies count as "a standby still hears this primary": those outside its
    /// site. Empty: every streaming standby. A same-site standby is cut off together with its primary, so its replies
    /// must not keep a self-fencing agent from fencing an isolated site.
    /// </summary>
    public IReadOnlyList<string> RemoteStandbys { get; init; } = [];

    public const string DefaultBinDirectory = "/usr/lib/postgresql/15/bin";

    public string Endpoint => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static PostgresTarget? Read(IReadOnlyDictionary<string, string> settings, out string? error)
    {
        var reader = new InputReader("postgres", "setting", settings);
        var target = new PostgresTarget(
            reader.Required("host"),
            reader.Port("port"),
            reader.Required("database"),
            reader.Required("user"),
            reader.RequiredRaw("password"),
            reader.Optional("data-dir"),
            reader.Text("bin-dir", DefaultBinDirectory),
            reader.Optional("monitor-user"))
        {
            Upstream = reader.Optional("upstream"),
            ReplicationUser = reader.Optional("replication-user"),
            ReplicationPassword = settings.TryGetValue("replication-password", out var replicationPassword) && replicationPassword.Length > 0 ? replicationPassword : null,
            RemoteStandbys = reader.Optional("remote-standbys")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
        };
        error = reader.Error;
        return error is null ? target : null;
    }

    /// <summary>Unpooled, with a 2 s connect timeout, so a dead server is never reused and never waited on for long.</summary>
    public string ConnectionString(int commandTimeoutSeconds = 10) => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Database = Database,
        Username = User,
        Password = Password,
        Timeout = 2,
        CommandTimeout = commandTimeoutSeconds,
        Pooling = false,
        ApplicationName = "lifeline",
    }.ConnectionString;
}
