using System.Security.Cryptography;

namespace Lifeline.Server.Security;

/// <summary>
/// Browser sessions, server-side: the session cookie carries a session id that must still be open here on every request,
/// so signing out (or disabling the user) ends it at once, and a copied cookie dies with it. A session lasts a fixed time
/// from sign-in; it does not slide.
/// </summary>
public sealed partial class UserStore
{
    public async Task<string> StartSessionAsync(string username, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var id = Base64Url(RandomNumberGenerator.GetBytes(24));
        var now = _time.GetUtcNow();
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO sessions (id, username, created_at, expires_at) VALUES ($id, $u, $at, $exp)";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$u", username.ToLowerInvariant());
        command.Parameters.AddWithValue("$at", Format(now));
        command.Parameters.AddWithValue("$exp", Format(now + lifetime));
        await command.ExecuteNonQueryAsync(cancellationToken);
        return id;
    }

    /// <summary>The session's user as they are now, when the session is open, unexpired and the user enabled; otherwise null.</summary>
    public async Task<ServerUser?> ValidateSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT u.username, u.role, u.contact, u.created_at, u.disabled
            FROM sessions s JOIN users u ON u.username = s.username
            WHERE s.id = $id AND s.ended_at IS NULL AND s.expires_at > $now
            """;
        command.Parameters.AddWithValue("$id", sessionId);
        command.Parameters.AddWithValue("$now", Format(_time.GetUtcNow()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && ReadUser(reader) is { Disabled: false } user ? user : null;
    }

    /// <summary>Ends a session (sign-out). Returns whether an open one was ended.</summary>
    public async Task<bool> EndSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE sessions SET ended_at = $now WHERE id = $id AND ended_at IS NULL";
        command.Parameters.AddWithValue("$id", sessionId);
        command.Parameters.AddWithValue("$now", Format(_time.GetUtcNow()));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Ends every open session and revokes every token of a user (an admin's reset). Returns how many of each.</summary>
    public async Task<(int Sessions, int Tokens)> ResetAsync(string username, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var sessions = connection.CreateCommand();
        sessions.CommandText = "UPDATE sessions SET ended_at = $now WHERE username = $u AND ended_at IS NULL";
        sessions.Parameters.AddWithValue("$u", username.ToLowerInvariant());
        sessions.Parameters.AddWithValue("$now", Format(_time.GetUtcNow()));
        var ended = await sessions.ExecuteNonQueryAsync(cancellationToken);
        await using var tokens = connection.CreateCommand();
        tokens.CommandText = "UPDATE api_tokens SET revoked = 1 WHERE username = $u AND revoked = 0";
        tokens.Parameters.AddWithValue("$u", username.ToLowerInvariant());
        return (ended, await tokens.ExecuteNonQueryAsync(cancellationToken));
    }
}
