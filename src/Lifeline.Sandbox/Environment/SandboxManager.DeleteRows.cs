using System.Globalization;
using Lifeline.Sandbox.Environment.Kinds;
using Npgsql;

namespace Lifeline.Sandbox.Environment;

internal sealed partial class SandboxManager
{
    public const string DeleteRows = "delete-rows";

    /// <summary>
    /// The point-in-time recovery fault: every study and patient deleted on a database's primary, as a bad migration or an
    /// operator's mistake would, in one transaction. Replication copies the loss to every standby; only the backups
    /// still hold the rows. The message says when it committed, the time to restore to just before.
    /// </summary>
    private async Task<SandboxResult<string>> DeleteRowsAsync(SandboxState state, string? target, CancellationToken cancellationToken)
    {
        var process = target is null ? null : Resolve(state, target);
        if (process is not { Kind: PostgresKind.Name })
        {
            return SandboxResult<string>.Fail($"{DeleteRows} needs a database member; expected one of: {string.Join(", ", state.Components.Where(c => c.Kind == PostgresKind.Name).Select(c => c.Name))}");
        }

        var component = PostgresKind.ComponentOf(state, process.Name);
        var superuser = SandboxEnvironment.ReadSecret(PostgresKind.SuperuserPasswordFile(new SandboxLayout(state.Directory), component.Name));
        await using var connection = new NpgsqlConnection(SandboxPostgres.SuperuserConnection(process.Port, superuser, component.Setting("database")!));
        try
        {
            await connection.OpenAsync(cancellationToken);
            var before = time.GetUtcNow();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var counts = new List<int>();
            foreach (var table in (string[])["studies", "patients"])
            {
                await using var command = new NpgsqlCommand($"delete from {table}", connection, transaction);
                counts.Add(await command.ExecuteNonQueryAsync(cancellationToken));
            }

            await transaction.CommitAsync(cancellationToken);
            return SandboxResult<string>.Ok(
                $"{DeleteRows} {target}: deleted {counts[0].ToString(CultureInfo.InvariantCulture)} studies and {counts[1].ToString(CultureInfo.InvariantCulture)} patients on {process.Name}, committed after {before.ToString("O", CultureInfo.InvariantCulture)}");
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            return SandboxResult<string>.Fail($"{DeleteRows} {target}: {process.Name} on {process.Endpoint}: {exception.Message}");
        }
    }
}
