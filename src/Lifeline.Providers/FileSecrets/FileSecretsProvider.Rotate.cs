using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lifeline.Core.Providers;
using Npgsql;

namespace Lifeline.Providers.FileSecrets;

internal sealed partial class FileSecretsProvider
{
    private const string RotationSetting = "rotation";
    private const string PostgresRotation = "postgres";
    private const string RandomRotation = "random";

    /// <summary>
    /// secret.rotate with the secret's rotation function, in Secrets Manager's order: the new value is kept pending
    /// (<c>&lt;name&gt;.pending</c>), set where it is used and tested, and only then becomes the secret's value. A retry of
    /// the same run's step (its request token, kept in <c>&lt;name&gt;.rotation</c>) finishes that rotation rather than
    /// starting a second one, so a crash between setting the password and writing the secret loses neither.
    /// </summary>
    private async Task<OperationOutcome> RotateAsync(SecretLocation location, OperationRequest request, CancellationToken cancellationToken)
    {
        var rotation = request.Settings.GetValueOrDefault(RotationSetting);
        if (rotation is not (PostgresRotation or RandomRotation))
        {
            return OperationOutcome.Failure($"file-secrets: secret '{location.Name}' has no rotation function; set the binding's setting '{RotationSetting}' to {PostgresRotation} or {RandomRotation}");
        }

        var token = "lifeline-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{request.Context.RunId}/{request.Context.StepId}")))[..40];
        var markerPath = location.ValuePath + ".rotation";
        var pendingPath = location.ValuePath + ".pending";
        await _writes.WaitAsync(cancellationToken);
        try
        {
            if (File.Exists(markerPath) && (await File.ReadAllLinesAsync(markerPath, cancellationToken)) is [var done, var doneVersion] && done == token)
            {
                request.Context.Log.Write($"secret '{location.Name}' was already rotated by this step (version {doneVersion})");
                return Versioned(long.Parse(doneVersion, CultureInfo.InvariantCulture));
            }

            var owner = Owner(request.Settings.GetValueOrDefault("owner"));
            var current = File.Exists(location.ValuePath) ? await File.ReadAllTextAsync(location.ValuePath, cancellationToken) : null;
            var pending = File.Exists(pendingPath) && (await File.ReadAllLinesAsync(pendingPath, cancellationToken)) is [var pendingToken, var pendingValue] && pendingToken == token
                ? pendingValue
                : null;
            string next;
            if (rotation == RandomRotation)
            {
                next = pending ?? NewPassword();
                request.Context.Log.Write(current is null ? $"secret '{location.Name}' had no value; rotation writes its first" : $"secret '{location.Name}': a new random value");
            }
            else
            {
                if (current is null)
                {
                    return OperationOutcome.Failure($"file-secrets: secret '{location.Name}' does not exist; a {PostgresRotation} rotation needs the current connection in it");
                }

                var (value, error) = await RotatePasswordAsync(location, current, pending, pendingPath, token, owner, request.Context.Log, cancellationToken);
                if (value is null)
                {
                    return OperationOutcome.Failure(error!, transient: true);
                }

                next = value;
            }

            var version = await ReadVersionAsync(location, cancellationToken) + 1;
            await WriteAtomicallyAsync(location.ValuePath, Encoding.UTF8.GetBytes(next), owner, cancellationToken);
            await WriteAtomicallyAsync(location.VersionPath, Encoding.UTF8.GetBytes(version.ToString(CultureInfo.InvariantCulture)), owner, cancellationToken);
            await WriteAtomicallyAsync(markerPath, Encoding.UTF8.GetBytes($"{token}\n{version.ToString(CultureInfo.InvariantCulture)}"), owner, cancellationToken);
            File.Delete(pendingPath);
            request.Context.Log.Write($"rotated secret '{location.Name}' to version {version}");
            return Versioned(version);
        }
        catch (IOException ex)
        {
            return OperationOutcome.Failure($"could not rotate secret '{location.Name}' in {location.Directory}: {ex.Message}", transient: true);
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>
    /// The single-user rotation of a PostgreSQL password: the role named in the secret sets its own new password
    /// (logged in with the current one, or with the pending one if an earlier attempt already set it), and a new login
    /// with it must succeed before the secret changes. Returns the secret's new value.
    /// </summary>
    private static async Task<(string? Value, string? Error)> RotatePasswordAsync(
        SecretLocation location, string current, string? pending, string pendingPath, string token, (int Uid, int Gid)? owner, IStepLog log, CancellationToken cancellationToken)
    {
        JsonObject connection;
        try
        {
            connection = JsonNode.Parse(current) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException ex)
        {
            return (null, $"file-secrets: secret '{location.Name}' is not a database connection as JSON ({ex.Message}); expected host, port, username, password, dbname");
        }

        string Field(JsonObject json, string name) => json[name]?.ToString() ?? "";
        var newValue = pending;
        if (newValue is null)
        {
            var next = (JsonObject)connection.DeepClone();
            next["password"] = NewPassword();
            newValue = next.ToJsonString();
            await WriteAtomicallyAsync(pendingPath, Encoding.UTF8.GetBytes($"{token}\n{newValue}"), owner, cancellationToken);
        }

        var wanted = (JsonObject)JsonNode.Parse(newValue)!;
        string Connection(string password) => new NpgsqlConnectionStringBuilder
        {
            Host = Field(connection, "host"),
            Port = int.TryParse(Field(connection, "port"), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : 5432,
            Database = Field(connection, "dbname"),
            Username = Field(connection, "username"),
            Password = password,
            Pooling = false,
            Timeout = 5,
        }.ConnectionString;

        try
        {
            if (!await LogsInAsync(Connection(Field(wanted, "password")), cancellationToken))
            {
                await using var session = new NpgsqlConnection(Connection(Field(connection, "password")));
                await session.OpenAsync(cancellationToken);
                // The new password is letters and digits only (NewPassword), so it is safe as a literal.
                await using var alter = new NpgsqlCommand($"alter role current_user password '{Field(wanted, "password")}'", session);
                await alter.ExecuteNonQueryAsync(cancellationToken);
                log.Write($"set a new password for role {Field(connection, "username")} on {Field(connection, "host")}:{Field(connection, "port")}");
            }

            return await LogsInAsync(Connection(Field(wanted, "password")), cancellationToken)
                ? (newValue, null)
                : (null, $"file-secrets: role {Field(connection, "username")} cannot log in with its new password after ALTER ROLE; the secret keeps the old one");
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            return (null, $"file-secrets: rotating the password of role {Field(connection, "username")} on {Field(connection, "host")}:{Field(connection, "port")} failed: {ex.Message}");
        }
    }

    private static async Task<bool> LogsInAsync(string connectionString, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
        {
            return false;
        }
    }

    private static string NewPassword()
    {
        const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        return RandomNumberGenerator.GetString(Alphabet, 32);
    }
}
