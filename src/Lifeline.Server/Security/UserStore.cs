using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Lifeline.Engine.Checkpoints;
using Microsoft.Data.Sqlite;

namespace Lifeline.Server.Security;

/// <summary>
/// Local users (PBKDF2 password hashes) and API tokens (SHA-256 of a 256-bit secret; the secret is shown once) in the
/// state database beside runs, incidents and the audit trail. Rule violations come back as messages, not exceptions.
/// </summary>
public sealed partial class UserStore
{
    public const string TokenPrefix = "llt_";
    public const int MinimumPasswordLength = 12;

    /// <summary>A token's name (what it is for) is a label, not a document.</summary>
    public const int MaxTokenNameLength = 100;

    /// <summary>How long a new token lasts unless its creator says otherwise.</summary>
    public static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromDays(90);

    /// <summary>The longest lifetime a token may be given (about ten years).</summary>
    public static readonly TimeSpan MaxTokenLifetime = TimeSpan.FromDays(3650);

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS users (
            username TEXT PRIMARY KEY,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL,
            contact TEXT,
            created_at TEXT NOT NULL,
            disabled INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS api_tokens (
            id TEXT PRIMARY KEY,
            username TEXT NOT NULL,
            name TEXT NOT NULL,
            secret_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            revoked INTEGER NOT NULL DEFAULT 0,
            expires_at TEXT);
        CREATE TABLE IF NOT EXISTS sessions (
            id TEXT PRIMARY KEY,
            username TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            ended_at TEXT);
        """;

    private readonly string _connectionString;
    private readonly TimeProvider _time;

    private UserStore(string connectionString, TimeProvider time)
    {
        _connectionString = connectionString;
        _time = time;
    }

    public static async Task<UserStore> OpenAsync(string statePath, TimeProvider time, CancellationToken cancellationToken)
    {
        var store = new UserStore(StateFile.ConnectionString(statePath), time);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Schema;
        await command.ExecuteNonQueryAsync(cancellationToken);
        await AddExpiryColumnAsync(connection, cancellationToken);
        return store;
    }

    public async Task<(ServerUser? User, string? Error)> AddUserAsync(string username, string password, Role role, string? contact, CancellationToken cancellationToken)
    {
        if (!UsernamePattern().IsMatch(username))
        {
            return (null, $"'{username}' is not a user name; expected 1–64 of a-z 0-9 . _ - starting with a letter or digit");
        }

        if (password.Length < MinimumPasswordLength)
        {
            return (null, $"the password is too short; expected at least {MinimumPasswordLength} characters");
        }

        var user = new ServerUser(username.ToLowerInvariant(), role, string.IsNullOrWhiteSpace(contact) ? null : contact, _time.GetUtcNow(), false);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO users (username, password_hash, role, contact, created_at) VALUES ($u, $h, $r, $c, $at)
            ON CONFLICT (username) DO NOTHING
            """;
        command.Parameters.AddWithValue("$u", user.Username);
        command.Parameters.AddWithValue("$h", PasswordHashing.Create(password));
        command.Parameters.AddWithValue("$r", Roles.Name(role));
        command.Parameters.AddWithValue("$c", (object?)user.Contact ?? DBNull.Value);
        command.Parameters.AddWithValue("$at", Format(user.CreatedAt));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? (user, null) : (null, $"user '{user.Username}' already exists");
    }

    public async Task<ServerUser?> GetUserAsync(string username, CancellationToken cancellationToken) =>
        (await ReadUserAsync(username, cancellationToken))?.User;

    public async Task<IReadOnlyList<ServerUser>> ListUsersAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT username, role, contact, created_at, disabled FROM users ORDER BY username";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var users = new List<ServerUser>();
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(ReadUser(reader));
        }

        return users;
    }

    /// <summary>The user when the password matches and the account is enabled; otherwise null, in constant-ish time.</summary>
    public async Task<ServerUser?> VerifyPasswordAsync(string username, string password, CancellationToken cancellationToken)
    {
        var found = await ReadUserAsync(username, cancellationToken);
        var ok = PasswordHashing.Verify(password, found?.Hash ?? PasswordHashing.Decoy);
        return ok && found is { } f && !f.User.Disabled ? f.User : null;
    }

    /// <summary>A token for <paramref name="username"/> that lasts <see cref="DefaultTokenLifetime"/>.</summary>
    public Task<(CreatedToken? Token, string? Error)> CreateTokenAsync(string username, string name, CancellationToken cancellationToken) =>
        CreateTokenAsync(username, name, DefaultTokenLifetime, cancellationToken);

    /// <summary>A token for <paramref name="username"/>; <paramref name="lifetime"/> null = it never expires (only the host's CLI offers that).</summary>
    public async Task<(CreatedToken? Token, string? Error)> CreateTokenAsync(string username, string name, TimeSpan? lifetime, CancellationToken cancellationToken)
    {
        if (name.Length > MaxTokenNameLength)
        {
            return (null, $"the token's name is {name.Length} characters long; expected at most {MaxTokenNameLength}");
        }

        if (lifetime is { } l && (l <= TimeSpan.Zero || l > MaxTokenLifetime))
        {
            return (null, $"a token's lifetime must be between 1 day and {MaxTokenLifetime.TotalDays:0} days");
        }

        if (await GetUserAsync(username, cancellationToken) is not { } user)
        {
            return (null, $"no user '{username}'");
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var expiresAt = lifetime is { } span ? _time.GetUtcNow() + span : (DateTimeOffset?)null;
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO api_tokens (id, username, name, secret_hash, created_at, expires_at) VALUES ($id, $u, $n, $h, $at, $exp)";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$u", user.Username);
        command.Parameters.AddWithValue("$n", name);
        command.Parameters.AddWithValue("$h", Hash(secret));
        command.Parameters.AddWithValue("$at", Format(_time.GetUtcNow()));
        command.Parameters.AddWithValue("$exp", expiresAt is { } e ? Format(e) : DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return (new CreatedToken(id, user.Username, name, $"{TokenPrefix}{id}_{secret}", expiresAt), null);
    }

    /// <summary>The token's user when the token is known, not revoked, not expired, and its user enabled; otherwise null.</summary>
    public async Task<ServerUser?> ValidateTokenAsync(string token, CancellationToken cancellationToken)
    {
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token[TokenPrefix.Length..].Split('_', 2) is not [var id, var secret])
        {
            return null;
        }

        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT t.secret_hash, u.username, u.role, u.contact, u.created_at, u.disabled
            FROM api_tokens t JOIN users u ON u.username = t.username
            WHERE t.id = $id AND t.revoked = 0 AND (t.expires_at IS NULL OR t.expires_at > $now)
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$now", Format(_time.GetUtcNow()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var expected = Encoding.ASCII.GetBytes(reader.GetString(0));
        var actual = Encoding.ASCII.GetBytes(Hash(secret));
        var user = new ServerUser(reader.GetString(1), Roles.Parse(reader.GetString(2)) ?? Role.Viewer, reader.IsDBNull(3) ? null : reader.GetString(3), Parse(reader.GetString(4)), reader.GetInt32(5) != 0);
        return CryptographicOperations.FixedTimeEquals(expected, actual) && !user.Disabled ? user : null;
    }

    public async Task<IReadOnlyList<ApiTokenInfo>> ListTokensAsync(string? username, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, username, name, created_at, revoked, expires_at FROM api_tokens WHERE $u IS NULL OR username = $u ORDER BY created_at";
        command.Parameters.AddWithValue("$u", (object?)username ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tokens = new List<ApiTokenInfo>();
        while (await reader.ReadAsync(cancellationToken))
        {
            tokens.Add(new ApiTokenInfo(reader.GetString(0), reader.GetString(1), reader.GetString(2), Parse(reader.GetString(3)), reader.GetInt32(4) != 0, reader.IsDBNull(5) ? null : Parse(reader.GetString(5))));
        }

        return tokens;
    }

    /// <summary>Revokes a token; when <paramref name="owner"/> is given, only that user's. Returns whether one was revoked.</summary>
    public async Task<bool> RevokeTokenAsync(string id, string? owner, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE api_tokens SET revoked = 1 WHERE id = $id AND revoked = 0 AND ($u IS NULL OR username = $u)";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$u", (object?)owner ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    // State files written before tokens expired have no expires_at column; their tokens keep never expiring until revoked.
    private static async Task AddExpiryColumnAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var probe = connection.CreateCommand();
        probe.CommandText = "SELECT COUNT(*) FROM pragma_table_info('api_tokens') WHERE name = 'expires_at'";
        if (Convert.ToInt64(await probe.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0)
        {
            await using var alter = connection.CreateCommand();
            alter.CommandText = "ALTER TABLE api_tokens ADD COLUMN expires_at TEXT";
            await alter.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task<(ServerUser User, string Hash)?> ReadUserAsync(string username, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT username, role, contact, created_at, disabled, password_hash FROM users WHERE username = $u";
        command.Parameters.AddWithValue("$u", username.ToLowerInvariant());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (ReadUser(reader), reader.GetString(5)) : null;
    }

    private static ServerUser ReadUser(SqliteDataReader reader) =>
        new(reader.GetString(0), Roles.Parse(reader.GetString(1)) ?? Role.Viewer, reader.IsDBNull(2) ? null : reader.GetString(2), Parse(reader.GetString(3)), reader.GetInt32(4) != 0);

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Format(DateTimeOffset value) => value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex UsernamePattern();
}
