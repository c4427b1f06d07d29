using Lifeline.Sandbox.Environment;

namespace Lifeline.Sandbox.Tests;

/// <summary>One real sandbox (PostgreSQL pair, PowerDNS, portal instances) in a unique temp directory, torn down after the class.</summary>
public class SandboxFixture : IAsyncLifetime
{
    private readonly List<string> _progress = [];

    internal SandboxManager Manager { get; } = new(TimeProvider.System);

    internal SandboxState State { get; private set; } = null!;

    internal IReadOnlyDictionary<string, string> Variables { get; private set; } = new Dictionary<string, string>();

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"lifeline-test-{Guid.NewGuid():N}"[..28]);

    public TimeSpan UpDuration { get; private set; }

    public IReadOnlyList<string> Progress => _progress;

    protected virtual bool Sync => false;

    /// <summary>The Axis example's whole sandbox, unless a test needs only the database pair (up in a fraction of the time).</summary>
    internal virtual Core.Estates.Sandbox.SandboxTopology Topology => Topologies.Axis;

    public async Task InitializeAsync()
    {
        var started = TimeProvider.System.GetTimestamp();
        var result = await Manager.UpAsync(new SandboxOptions(Directory, Topology, Sync), new Progress<string>(_progress.Add), CancellationToken.None);
        UpDuration = TimeProvider.System.GetElapsedTime(started);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"sandbox up failed: {result.Error}");
        }

        State = result.Value!;
        Variables = SandboxEnvironment.Variables(State);
    }

    public async Task DisposeAsync()
    {
        if (File.Exists(Path.Combine(Directory, "sandbox.json")))
        {
            await Manager.DownAsync(Directory, CancellationToken.None);
        }
    }

    internal IReadOnlyDictionary<string, string> PostgresSettings(string portVariable) => new Dictionary<string, string>
    {
        ["host"] = "127.0.0.1",
        ["port"] = Variables[portVariable],
        ["database"] = Variables["LIFELINE_SANDBOX_PG_DATABASE"],
        ["user"] = Variables["LIFELINE_SANDBOX_PG_USER"],
        ["password"] = Variables["LIFELINE_SECRET_SANDBOX_PG_PASSWORD"],
    };

    internal string PrimaryConnectionString => new Npgsql.NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = int.Parse(Variables["LIFELINE_SANDBOX_PG_PRIMARY_PORT"], System.Globalization.CultureInfo.InvariantCulture),
        Database = Variables["LIFELINE_SANDBOX_PG_DATABASE"],
        Username = Variables["LIFELINE_SANDBOX_PG_USER"],
        Password = Variables["LIFELINE_SECRET_SANDBOX_PG_PASSWORD"],
        Pooling = false,
        Timeout = 2,
    }.ConnectionString;

    internal string StandbyConnectionString => new Npgsql.NpgsqlConnectionStringBuilder(PrimaryConnectionString)
    {
        Port = int.Parse(Variables["LIFELINE_SANDBOX_PG_STANDBY_PORT"], System.Globalization.CultureInfo.InvariantCulture),
    }.ConnectionString;
}

/// <summary>The database pair alone (primary and streaming standby), for provider tests that need nothing else.</summary>
public sealed class DatabasePairFixture : SandboxFixture
{
    internal override Core.Estates.Sandbox.SandboxTopology Topology => Topologies.DatabasePair;
}

/// <summary>The database pair alone, the primary committing synchronously with the standby.</summary>
public sealed class SyncDatabasePairFixture : SandboxFixture
{
    protected override bool Sync => true;

    internal override Core.Estates.Sandbox.SandboxTopology Topology => Topologies.DatabasePair;
}
