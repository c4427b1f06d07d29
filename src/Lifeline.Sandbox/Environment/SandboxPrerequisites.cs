using System.Globalization;
using Lifeline.Providers.ProcessService;

namespace Lifeline.Sandbox.Environment;

/// <summary>
/// The packages and the unprivileged account the sandbox needs. As root it installs and creates them; otherwise it
/// says exactly what to run and starts nothing.
/// </summary>
internal static class SandboxPrerequisites
{
    public const string PostgresBin = "/usr/lib/postgresql/15/bin";
    public const string PowerDnsServer = "/usr/sbin/pdns_server";
    public const string UserName = "lifeline-sandbox";
    public const string InstallCommand = "apt-get install -y postgresql pdns-server pdns-backend-sqlite3 pgbackrest";

    private static readonly string[] SchemaCandidates =
    [
        "/usr/share/doc/pdns-backend-sqlite3/schema.sqlite3.sql",
        "/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql",
    ];

    public static string? PowerDnsSchema => SchemaCandidates.FirstOrDefault(File.Exists);

    public static async Task<string?> EnsurePackagesAsync(IProgress<string> progress, CancellationToken cancellationToken)
    {
        var missing = Missing();
        if (missing is null)
        {
            return null;
        }

        if (!DetachedProcess.IsRoot)
        {
            return $"{missing} not found; run: {InstallCommand}";
        }

        progress.Report($"{missing} not found; installing: {InstallCommand}");
        var environment = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        var (exitCode, output) = await SandboxCommand.RunAsync("apt-get", ["install", "-y", "postgresql", "pdns-server", "pdns-backend-sqlite3", "pgbackrest"], null, environment, cancellationToken);
        if (exitCode != 0)
        {
            return $"{InstallCommand} failed ({exitCode}): {SandboxCommand.LastLine(output)}";
        }

        return Missing() is { } stillMissing ? $"{stillMissing} still not found after {InstallCommand}" : null;
    }

    /// <summary>As root: the unprivileged account servers run as (created if missing). Otherwise null: run as ourselves.</summary>
    public static async Task<(RunAsUser? User, string? Error)> EnsureUserAsync(IProgress<string> progress, CancellationToken cancellationToken)
    {
        if (!DetachedProcess.IsRoot)
        {
            return (null, null);
        }

        var (exists, _) = await SandboxCommand.RunAsync("id", ["-u", UserName], null, null, cancellationToken);
        if (exists != 0)
        {
            progress.Report($"creating system user {UserName}");
            var (created, output) = await SandboxCommand.RunAsync(
                "useradd", ["--system", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", UserName], null, null, cancellationToken);
            if (created != 0)
            {
                return (null, $"useradd {UserName} failed: {SandboxCommand.LastLine(output)}");
            }
        }

        var (uidCode, uid) = await SandboxCommand.RunAsync("id", ["-u", UserName], null, null, cancellationToken);
        var (gidCode, gid) = await SandboxCommand.RunAsync("id", ["-g", UserName], null, null, cancellationToken);
        return uidCode == 0 && gidCode == 0
            ? (new RunAsUser(UserName, int.Parse(uid, CultureInfo.InvariantCulture), int.Parse(gid, CultureInfo.InvariantCulture)), null)
            : (null, $"cannot read the ids of user {UserName}");
    }

    private static string? Missing()
    {
        if (!File.Exists(Path.Combine(PostgresBin, "postgres")) || !File.Exists(Path.Combine(PostgresBin, "initdb")) || !File.Exists(Path.Combine(PostgresBin, "pg_basebackup")))
        {
            return "PostgreSQL binaries";
        }

        if (!File.Exists(Kinds.PgBackRestKind.Program))
        {
            return "pgBackRest (pgbackrest)";
        }

        if (!File.Exists(PowerDnsServer))
        {
            return "PowerDNS (pdns_server)";
        }

        return PowerDnsSchema is null || !File.Exists("/usr/lib/x86_64-linux-gnu/pdns/libgsqlite3backend.so") && !Directory.EnumerateFiles("/usr/lib", "libgsqlite3backend.so", SearchOption.AllDirectories).Any()
            ? "PowerDNS sqlite3 backend"
            : null;
    }
}
