using Lifeline.Core.Providers;
using Lifeline.Providers.Inputs;
using Npgsql;

namespace Lifeline.Providers.Postgres;

internal sealed partial class PostgresProvider
{
    /// <summary>
    /// credential.disable for a database login: the role the key id names loses LOGIN (nothing is dropped, ALTER ROLE …
    /// LOGIN undoes it, as an inactive access key can be made active), its open sessions are ended so a connection made
    /// with it before does not keep working, and pg_roles is read back. The binding's user needs CREATEROLE.
    /// </summary>
    private static async Task<OperationOutcome> DisableCredentialAsync(PostgresTarget target, OperationRequest request, CancellationToken cancellationToken)
    {
        var inputs = new InputReader("postgres", "input", request.Inputs);
        var role = inputs.Required("access-key-id");
        if (inputs.Error is { } inputError)
        {
            return OperationOutcome.Failure(inputError);
        }

        if (role == target.User)
        {
            return OperationOutcome.Failure($"postgres: refusing to disable '{role}', the role this binding connects as; disable the leaked role, not lifeline's");
        }

        await using var connection = await OpenAsync(target, cancellationToken);
        await using (var exists = new NpgsqlCommand("select count(*) from pg_roles where rolname = $1", connection) { Parameters = { new() { Value = role } } })
        {
            if ((long)(await exists.ExecuteScalarAsync(cancellationToken))! == 0)
            {
                return OperationOutcome.Failure($"postgres: no role '{role}' on {target.Endpoint}; expected the leaked credential's role name as access-key-id");
            }
        }

        await ExecuteAsync(connection, $"alter role {new NpgsqlCommandBuilder().QuoteIdentifier(role)} nologin", cancellationToken);
        int ended;
        await using (var terminate = new NpgsqlCommand("select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity where usename = $1", connection) { Parameters = { new() { Value = role } } })
        {
            ended = (int)(long)(await terminate.ExecuteScalarAsync(cancellationToken))!;
        }

        await using var read = new NpgsqlCommand("select rolcanlogin from pg_roles where rolname = $1", connection) { Parameters = { new() { Value = role } } };
        var canLogin = (bool)(await read.ExecuteScalarAsync(cancellationToken))!;
        request.Context.Log.Write($"role {role} on {target.Endpoint}: login {(canLogin ? "still allowed" : "disabled")}, {ended} open sessions ended");
        return canLogin
            ? OperationOutcome.Failure($"postgres: role '{role}' still reads back with login allowed after ALTER ROLE … NOLOGIN")
            : OperationOutcome.Success(new Dictionary<string, string> { ["access_key_id"] = role, ["status"] = "Inactive", ["disabled"] = "true" });
    }
}
