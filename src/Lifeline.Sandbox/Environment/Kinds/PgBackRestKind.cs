using System.Globalization;
using Lifeline.Core.Estates.Sandbox;
using Lifeline.Providers.ProcessService;

namespace Lifeline.Sandbox.Environment.Kinds;

/// <summary>
/// Continuous backups with pgBackRest, standing in for RDS automated backups: a repository under
/// <c>&lt;root&gt;/&lt;component&gt;/repo</c> (in the component's site, e.g. the DR site) that the named postgres
/// component's primary archives every WAL segment to, and a full backup taken at <c>up</c>. Point-in-time restores go into
/// <c>&lt;root&gt;/&lt;component&gt;/restores/&lt;instance&gt;</c> (the pgbackrest provider's <c>data-root</c>).
/// </summary>
internal sealed class PgBackRestKind : ISandboxKind
{
    public const string Name = "pgbackrest";
    public const string Program = "/usr/bin/pgbackrest";

    public string Kind => Name;

    public static string ConfigFile(SandboxLayout layout, SandboxComponentSpec component) => Path.Combine(layout.Component(component.Name), "pgbackrest.conf");

    public static string Repository(SandboxLayout layout, SandboxComponentSpec component) => Path.Combine(layout.Component(component.Name), "repo");

    public static string Restores(SandboxLayout layout, SandboxComponentSpec component) => Path.Combine(layout.Component(component.Name), "restores");

    public static string Stanza(SandboxComponentSpec component) => component.Setting("stanza") ?? component.Setting("database")!;

    /// <summary>The pgbackrest components that archive the WAL of <paramref name="database"/> (a postgres component).</summary>
    public static IEnumerable<SandboxComponentSpec> Archiving(SandboxTopology topology, SandboxComponentSpec database) =>
        topology.OfKind(Name).Where(c => c.Setting("database") == database.Name);

    /// <summary>
    /// The primary's archive settings. <c>%p</c> is made absolute from the server's own directory, so a standby promoted
    /// later (a same-site failover) pushes its own WAL, not the files of the data directory the stanza was created from.
    /// </summary>
    public static string ArchiveSettings(SandboxLayout layout, SandboxComponentSpec component) => $"""

        # pgBackRest continuous archiving (sandbox component {component.Name})
        archive_mode = on
        archive_command = '{Program} --config={ConfigFile(layout, component)} --stanza={Stanza(component)} archive-push "$(pwd -P)/%p"'
        archive_timeout = 60

        """;

    public string? Check(SandboxComponentSpec component, SandboxTopology topology) =>
        topology.Find(component.Setting("database")!) is { Kind: PostgresKind.Name }
            ? null
            : $"{component.Location}: pgbackrest component '{component.Name}' backs up '{component.Setting("database")}', which is not a postgres component; expected with: {{ database: <postgres component> }}";

    public async Task<string?> PrepareAsync(SandboxBuild build, SandboxComponentSpec component, CancellationToken cancellationToken)
    {
        var layout = build.Layout;
        var database = build.Topology.Find(component.Setting("database")!)!;
        var primary = database.Primary!;
        foreach (var directory in (string[])[layout.Component(component.Name), Repository(layout, component), Restores(layout, component), Path.Combine(layout.Run, component.Name)])
        {
            Directory.CreateDirectory(directory);
            DetachedProcess.GiveTo(directory, build.RunAs);
        }

        await File.WriteAllTextAsync(ConfigFile(layout, component), $"""
            [global]
            repo1-path={Repository(layout, component)}
            repo1-retention-full=2
            log-path={layout.Logs}
            lock-path={Path.Combine(layout.Run, component.Name)}
            spool-path={Path.Combine(layout.Run, component.Name)}
            log-level-console=warn
            log-level-file=info
            start-fast=y
            compress-type=lz4
            archive-timeout=30

            [{Stanza(component)}]
            pg1-path={PostgresKind.DataDirectory(layout, database, primary)}
            pg1-port={build.Ports[PostgresKind.Process(database, primary)].ToString(CultureInfo.InvariantCulture)}
            pg1-socket-path={layout.Run}
            pg1-user={SandboxPostgres.Superuser}

            """, cancellationToken);
        DetachedProcess.GiveTo(ConfigFile(layout, component), build.RunAs);
        return null;
    }

    /// <summary>Once the database's primary accepts writes: the stanza, then a full backup (the restore base).</summary>
    public async Task<string?> StartAsync(SandboxBuild build, SandboxComponentSpec component, CancellationToken cancellationToken)
    {
        await build.ReadyAsync(component.Setting("database")!, cancellationToken);
        var arguments = (string[])[$"--config={ConfigFile(build.Layout, component)}", $"--stanza={Stanza(component)}"];
        var environment = new Dictionary<string, string> { ["HOME"] = build.Layout.Home };
        foreach (var (command, extra) in (IEnumerable<(string, string[])>)[("stanza-create", []), ("backup", ["--type=full"])])
        {
            var (exitCode, output) = await SandboxCommand.RunAsync(Program, [.. arguments, .. extra, command], build.RunAs, environment, cancellationToken);
            if (exitCode != 0)
            {
                return $"pgbackrest {command} of stanza {Stanza(component)} failed ({exitCode}): {SandboxCommand.LastLine(output)}";
            }

            build.Report($"pgbackrest {command} {Stanza(component)} done");
        }

        return null;
    }

    public void Export(SandboxState state, SandboxComponentSpec component, IDictionary<string, string> settings)
    {
        var layout = new SandboxLayout(state.Directory);
        settings[SandboxSettings.Key(component.Name, "config")] = ConfigFile(layout, component);
        settings[SandboxSettings.Key(component.Name, "stanza")] = Stanza(component);
        settings[SandboxSettings.Key(component.Name, "repo")] = Repository(layout, component);
        settings[SandboxSettings.Key(component.Name, "restores")] = Restores(layout, component);
    }

    /// <summary>
    /// The servers point-in-time restores started (pg_ctl, so the sandbox never recorded them): each restore directory whose
    /// postmaster.pid names a live process of that directory.
    /// </summary>
    public static IEnumerable<(int Pid, string DataDirectory)> RestoredServers(SandboxState state)
    {
        var layout = new SandboxLayout(state.Directory);
        foreach (var component in state.Topology.OfKind(Name))
        {
            var restores = Restores(layout, component);
            if (!Directory.Exists(restores))
            {
                continue;
            }

            foreach (var data in Directory.EnumerateDirectories(restores))
            {
                var pidFile = Path.Combine(data, "postmaster.pid");
                if (File.Exists(pidFile)
                    && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                    && DetachedProcess.IsOurs(pid, data))
                {
                    yield return (pid, data);
                }
            }
        }
    }
}
