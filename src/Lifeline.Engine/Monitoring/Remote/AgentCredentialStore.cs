using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Lifeline.Engine.Checkpoints;

namespace Lifeline.Engine.Monitoring.Remote;

/// <summary>
/// Agents' credentials in the state database: one per vantage name, a 256-bit secret shown once and stored only as its
/// SHA-256. A credential speaks for its own vantage name and no other, so one stolen agent cannot outvote the rest.
/// </summary>
public sealed partial class AgentCredentialStore
{
    public const string TokenPrefix = "lla_";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS agent_credentials (
            vantage TEXT PRIMARY KEY,
            secret_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL);
        """;

    private readonly string _connectionString;
    private readonly TimeProvider _time;

    private AgentCredentialStore(string connectionString, TimeProvider time)
    {
        _connectionString = connectionString;
        _time = time;
    }

    public static async Task<AgentCredentialStore> OpenAsync(string statePath, TimeProvider time, CancellationToken cancellationToken)
    {
        var store = new AgentCredentialStore(StateFile.ConnectionString(statePath), time);
        await using var connection = await StateFile.ConnectAsync(store._connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Schema;
        await command.ExecuteNonQueryAsync(cancellationToken);
        return store;
    }

    /// <summary>Why <paramref name="vantage"/> cannot name an agent; null when it can.</summary>
    public static string? NameProblem(string? vantage) =>
        vantage is not null && VantagePattern().IsMatch(vantage)
            ? null
            : $"'{Diagnostics(vantage)}' is not a vantage name; expected 1–64 of a-z 0-9 . _ - starting with a letter or digit";

    /// <summary>Issues the credential for a vantage name that has none; the token is returned once and never stored.</summary>
    public async Task<(string? Token, string? Error)> AddAsync(string vantage, CancellationToken cancellationToken)
    {
        if (NameProblem(vantage) is { } problem)
        {
            return (null, problem);
        }

        var token = TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await using var connection = await StateFile.ConnectAsync(_connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO agent_credentials (vantage, secret_hash, created_at) VALUES ($v, $h, $at) ON CONFLICT (vantage) DO NOTHING";
        command.Parameters.AddWithValue("$v", vantage);
        command.Parameters.AddWithValue("$h", Hash(token));
        command.Parameters.AddWithValue("$at", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1
            ? (token, null)
            : (null, $"agent '{vantage}' already has a credential; remove it first (lifeline agents remove {vantage})");
    }

    public async Task<IReadOnlyList<(string Vantage, DateTimeOffset CreatedAt)>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await StateFile.ConnectAsync(_connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT vantage, created_at FROM agent_credentials ORDER BY vantage";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var agents = new List<(string, DateTimeOffset)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            agents.Add((reader.GetString(0), DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture)));
        }

        return agents;
    }

    /// <summary>Removes an agent's credential; a listener refuses its next report. Returns whether there was one.</summary>
    public async Task<bool> RemoveAsync(string vantage, CancellationToken cancellationToken)
    {
        await using var connection = await StateFile.ConnectAsync(_connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM agent_credentials WHERE vantage = $v";
        command.Parameters.AddWithValue("$v", vantage);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>The vantage name a token speaks for; null when the token is unknown or removed.</summary>
    public async Task<string?> VantageOfAsync(string token, CancellationToken cancellationToken)
    {
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        // The lookup is by the hash of a 256-bit secret: timing reveals nothing an attacker could build on.
        await using var connection = await StateFile.ConnectAsync(_connectionString, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT vantage FROM agent_credentials WHERE secret_hash = $h";
        command.Parameters.AddWithValue("$h", Hash(token));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Diagnostics(string? text) => text is null ? "" : text.Length <= 80 ? text : text[..60] + "…";

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex VantagePattern();
}
