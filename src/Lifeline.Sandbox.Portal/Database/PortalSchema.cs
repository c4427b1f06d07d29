using Lifeline.Sandbox.Portal.Auth;
using Lifeline.Sandbox.Portal.Hosting;
using Npgsql;

namespace Lifeline.Sandbox.Portal.Database;

/// <summary>
/// Creates the portal's tables and seed data idempotently when the database is writable; leaves a read-only standby
/// alone (it gets everything by replication). Serialised by an advisory lock so instances starting together agree.
/// </summary>
internal sealed class PortalSchema(NpgsqlDataSource dataSource, PortalSettings settings, ILogger<PortalSchema> logger)
{
    public const string TestUserEmail = "test@example.com";
    public const string TestUserPassword = "testpassword";

    /// <summary>The tables, shared with the sandbox, which creates them as the database owner before any portal starts.</summary>
    public const string Ddl = """
        SELECT pg_advisory_xact_lock(4242001);
        CREATE TABLE IF NOT EXISTS patients (
            id bigserial PRIMARY KEY,
            name text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE IF NOT EXISTS studies (
            id bigserial PRIMARY KEY,
            patient_id bigint NOT NULL REFERENCES patients(id),
            modality text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE IF NOT EXISTS audit_logs (
            id bigserial PRIMARY KEY,
            action text NOT NULL,
            entity text NOT NULL,
            entity_id bigint NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE IF NOT EXISTS users (
            id bigserial PRIMARY KEY,
            email text NOT NULL UNIQUE,
            password_hash text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now());
        """;

    private const string SeedStudies = """
        WITH p AS (INSERT INTO patients(name) VALUES ('Seed Patient') RETURNING id),
             s AS (INSERT INTO studies(patient_id, modality) SELECT p.id, m FROM p, unnest(ARRAY['CT','MR','XR']) AS m RETURNING id)
        INSERT INTO audit_logs(action, entity, entity_id)
        SELECT 'seed', 'patient', id FROM p UNION ALL SELECT 'seed', 'study', id FROM s;
        """;

    private bool _reportedUnreachable;

    /// <summary>The schema is there, or the database is read-only and gets it by replication: nothing left to try.</summary>
    public bool Settled { get; private set; }

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        var secret = settings.Secret;
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using (var state = new NpgsqlCommand("SELECT pg_is_in_recovery(), current_setting('transaction_read_only') = 'on'", connection))
            await using (var reader = await state.ExecuteReaderAsync(cancellationToken))
            {
                await reader.ReadAsync(cancellationToken);
                var inRecovery = reader.GetBoolean(0);
                if (inRecovery || reader.GetBoolean(1))
                {
                    Log.SchemaSkippedReadOnly(logger, secret.Host, secret.Port, inRecovery);
                    Settled = true;
                    return;
                }
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(Ddl, connection, transaction, cancellationToken);
            if (await ScalarAsync<bool>("SELECT NOT EXISTS (SELECT 1 FROM users WHERE email = $1)", connection, transaction, TestUserEmail, cancellationToken))
            {
                await using var insert = new NpgsqlCommand("INSERT INTO users(email, password_hash) VALUES ($1, $2)", connection, transaction)
                {
                    Parameters = { new() { Value = TestUserEmail }, new() { Value = PasswordHash.Create(TestUserPassword) } },
                };
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            if (await ScalarAsync<bool>("SELECT NOT EXISTS (SELECT 1 FROM studies)", connection, transaction, null, cancellationToken))
                await ExecuteAsync(SeedStudies, connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            Log.SchemaReady(logger, secret.Host, secret.Port, secret.Dbname, settings.Site);
            Settled = true;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            // Expected when a site starts before its database: the portal still serves /health, answers 503 for data,
            // and PortalSchemaRetry tries again. Said once, not every second.
            if (!_reportedUnreachable)
            {
                Log.SchemaUnreachable(logger, secret.Host, secret.Port, ex.Message);
                _reportedUnreachable = true;
            }
        }
    }

    private static async Task ExecuteAsync(string sql, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(string sql, NpgsqlConnection connection, NpgsqlTransaction transaction, object? parameter, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        if (parameter is not null)
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
