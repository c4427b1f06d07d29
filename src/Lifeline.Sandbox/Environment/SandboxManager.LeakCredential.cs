using System.Security.Cryptography;
using System.Text.Json;
using Lifeline.Sandbox.Environment.Kinds;
using Npgsql;

namespace Lifeline.Sandbox.Environment;

internal sealed partial class SandboxManager
{
    public const string LeakCredential = "leak-credential";

    /// <summary>The login role the leak-credential fault creates: the sandbox's stand-in for a leaked access key.</summary>
    public const string LeakedRole = "leaked_key";

    /// <summary>
    /// The security incident's fault: an application credential leaks and is used. A login role (<see cref="LeakedRole"/>)
    /// with a password and read access to the patients is created on a database's primary, written where an intruder
    /// would have found it (<c>leaked-credential.json</c> in the sandbox directory), and used once to read patients, so
    /// the server's connection log holds its use: the evidence an audit-log lookup finds.
    /// </summary>
    private async Task<SandboxResult<string>> LeakCredentialAsync(SandboxState state, string? target, CancellationToken cancellationToken)
    {
        var process = target is null ? null : Resolve(state, target);
        if (process is not { Kind: PostgresKind.Name })
        {
            return SandboxResult<string>.Fail($"{LeakCredential} needs a database member; expected one of: {string.Join(", ", state.Components.Where(c => c.Kind == PostgresKind.Name).Select(c => c.Name))}");
        }

        var component = PostgresKind.ComponentOf(state, process.Name);
        var database = component.Setting("database")!;
        var superuser = SandboxEnvironment.ReadSecret(PostgresKind.SuperuserPasswordFile(new SandboxLayout(state.Directory), component.Name));
        var password = RandomNumberGenerator.GetHexString(32, lowercase: true);
        try
        {
            await using (var connection = new NpgsqlConnection(SandboxPostgres.SuperuserConnection(process.Port, superuser, database)))
            {
                await connection.OpenAsync(cancellationToken);
                foreach (var sql in (string[])
                    [
                        $"do $$ begin if not exists (select 1 from pg_roles where rolname = '{LeakedRole}') then create role {LeakedRole} login; end if; end $$",
                        $"alter role {LeakedRole} login password '{password}'",
                        $"grant select on patients to {LeakedRole}",
                    ])
                {
                    await using var command = new NpgsqlCommand(sql, connection);
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            var leaked = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = process.Port, Database = database, Username = LeakedRole, Password = password, Pooling = false, Timeout = 5 }.ConnectionString;
            long read;
            await using (var intruder = new NpgsqlConnection(leaked))
            {
                await intruder.OpenAsync(cancellationToken);
                await using var select = new NpgsqlCommand("select count(*) from patients", intruder);
                read = (long)(await select.ExecuteScalarAsync(cancellationToken))!;
            }

            var file = Path.Combine(state.Directory, "leaked-credential.json");
            await SandboxSecrets.WriteAsync(file, JsonSerializer.Serialize(new Dictionary<string, object> { ["username"] = LeakedRole, ["password"] = password, ["host"] = "127.0.0.1", ["port"] = process.Port, ["dbname"] = database }), null, cancellationToken);
            return SandboxResult<string>.Ok($"{LeakCredential} {target}: role {LeakedRole} can log in to {process.Name} (its password in {file}) and read {read} patients with it");
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            return SandboxResult<string>.Fail($"{LeakCredential} {target}: {process.Name} on {process.Endpoint}: {exception.Message}");
        }
    }
}
