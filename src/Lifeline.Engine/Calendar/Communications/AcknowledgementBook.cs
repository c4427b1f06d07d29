using System.Security.Cryptography;
using System.Text;
using Lifeline.Engine.Checkpoints;
using Microsoft.Data.Sqlite;

namespace Lifeline.Engine.Calendar.Communications;

/// <summary>
/// The acknowledgement links of the communications tests in flight: one unguessable token per recipient, and when it was
/// first used. Shared by the process that sends the test and the server's acknowledgement endpoint; a token acknowledges
/// once, a second use changes nothing. Kept in the state database, so a restarted server still accepts the links it sent
/// and grades the acknowledgements it took before the restart. Only a hash of each token is stored: the token is the
/// recipient's credential.
/// </summary>
public sealed class AcknowledgementBook
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS communications_acknowledgements (
            token_hash TEXT PRIMARY KEY,
            round TEXT NOT NULL,
            contact TEXT NOT NULL,
            acknowledged_at TEXT);
        CREATE INDEX IF NOT EXISTS communications_acknowledgements_round ON communications_acknowledgements (round);
        """;

    private readonly string _connectionString;

    private AcknowledgementBook(string connectionString) => _connectionString = connectionString;

    /// <summary>The book in the state database at <paramref name="path"/>, its table created when missing.</summary>
    public static async Task<AcknowledgementBook> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var book = new AcknowledgementBook(StateFile.ConnectionString(path));
        await using var connection = await book.ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Schema;
        await command.ExecuteNonQueryAsync(cancellationToken);
        return book;
    }

    /// <summary>A fresh token for <paramref name="contact"/> in <paramref name="round"/>.</summary>
    public async Task<string> IssueAsync(string round, string contact, CancellationToken cancellationToken)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO communications_acknowledgements (token_hash, round, contact) VALUES ($hash, $round, $contact)";
        command.Parameters.AddWithValue("$hash", Hash(token));
        command.Parameters.AddWithValue("$round", round);
        command.Parameters.AddWithValue("$contact", contact);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return token;
    }

    /// <summary>Records the acknowledgement; null when the token is unknown (never issued, or its round forgotten).</summary>
    public async Task<Acknowledgement?> AcknowledgeAsync(string token, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // The first use stands: the update only fills an empty time, and the select reads whichever time is there.
        command.CommandText = """
            UPDATE communications_acknowledgements SET acknowledged_at = $at WHERE token_hash = $hash AND acknowledged_at IS NULL;
            SELECT round, contact, acknowledged_at FROM communications_acknowledgements WHERE token_hash = $hash;
            """;
        command.Parameters.AddWithValue("$hash", Hash(token));
        command.Parameters.AddWithValue("$at", SqliteRunStore.Format(at));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Acknowledgement(reader.GetString(0), reader.GetString(1), SqliteRunStore.Parse(reader.GetString(2)))
            : null;
    }

    /// <summary>When the token whose hash is <paramref name="tokenHash"/> was first used; null when it was not (yet).</summary>
    public async Task<DateTimeOffset?> AcknowledgedAtAsync(string tokenHash, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT acknowledged_at FROM communications_acknowledgements WHERE token_hash = $hash";
        command.Parameters.AddWithValue("$hash", tokenHash);
        return await command.ExecuteScalarAsync(cancellationToken) is string at ? SqliteRunStore.Parse(at) : null;
    }

    /// <summary>Forgets a graded round's tokens, so its links stop working.</summary>
    public async Task ForgetAsync(string round, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM communications_acknowledgements WHERE round = $round";
        command.Parameters.AddWithValue("$round", round);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>What is kept of a token: the book, the calendar file and a round's record hold only this.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken) => StateFile.ConnectAsync(_connectionString, cancellationToken);
}
