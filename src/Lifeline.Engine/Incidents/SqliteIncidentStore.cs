using System.Text.Json;
using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Checkpoints;
using Microsoft.Data.Sqlite;

namespace Lifeline.Engine.Incidents;

/// <summary>Incidents and their entries, in the same SQLite file as runs. Entries are append-only.</summary>
public sealed class SqliteIncidentStore
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS incidents (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            scenario TEXT,
            severity TEXT NOT NULL,
            status TEXT NOT NULL,
            commander TEXT NOT NULL,
            opened_at TEXT NOT NULL,
            opened_by TEXT NOT NULL,
            resolved_at TEXT,
            impact TEXT NOT NULL,
            possible_breach INTEGER NOT NULL,
            runs TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS incident_entries (
            incident_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            at TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            kind TEXT NOT NULL,
            author TEXT NOT NULL,
            text TEXT NOT NULL,
            refers_to INTEGER,
            corrected_at TEXT,
            PRIMARY KEY (incident_id, seq));
        CREATE TRIGGER IF NOT EXISTS incident_entries_append_only_update BEFORE UPDATE ON incident_entries
            BEGIN SELECT RAISE(ABORT, 'incident entries are append-only'); END;
        CREATE TRIGGER IF NOT EXISTS incident_entries_append_only_delete BEFORE DELETE ON incident_entries
            BEGIN SELECT RAISE(ABORT, 'incident entries are append-only'); END;
        """;

    private readonly string _connectionString;

    private SqliteIncidentStore(string connectionString) => _connectionString = connectionString;

    public static async Task<SqliteIncidentStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var store = new SqliteIncidentStore(StateFile.ConnectionString(path));
        await using var connection = await store.ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Schema;
        await command.ExecuteNonQueryAsync(cancellationToken);
        return store;
    }

    /// <summary>Saves the incident's current state and appends the entry that explains the change, atomically.</summary>
    public async Task<IncidentEntry> SaveAsync(Incident incident, IncidentEntryDraft draft, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var upsert = connection.CreateCommand())
        {
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO incidents (id, title, scenario, severity, status, commander, opened_at, opened_by, resolved_at, impact, possible_breach, runs)
                VALUES ($id, $title, $scenario, $severity, $status, $commander, $opened, $by, $resolved, $impact, $breach, $runs)
                ON CONFLICT (id) DO UPDATE SET title = excluded.title, severity = excluded.severity, status = excluded.status,
                    commander = excluded.commander, resolved_at = excluded.resolved_at, impact = excluded.impact,
                    possible_breach = excluded.possible_breach, runs = excluded.runs
                """;
            upsert.Parameters.AddWithValue("$id", incident.Id);
            upsert.Parameters.AddWithValue("$title", incident.Title);
            upsert.Parameters.AddWithValue("$scenario", (object?)incident.Scenario ?? DBNull.Value);
            upsert.Parameters.AddWithValue("$severity", incident.Severity);
            upsert.Parameters.AddWithValue("$status", WireName.Of(incident.Status));
            upsert.Parameters.AddWithValue("$commander", incident.Commander);
            upsert.Parameters.AddWithValue("$opened", SqliteRunStore.Format(incident.OpenedAt));
            upsert.Parameters.AddWithValue("$by", incident.OpenedBy);
            upsert.Parameters.AddWithValue("$resolved", incident.ResolvedAt is { } r ? SqliteRunStore.Format(r) : DBNull.Value);
            upsert.Parameters.AddWithValue("$impact", JsonSerializer.Serialize(incident.Impact, IncidentJson.Default.IncidentImpact));
            upsert.Parameters.AddWithValue("$breach", incident.PossibleBreach ? 1 : 0);
            upsert.Parameters.AddWithValue("$runs", JsonSerializer.Serialize(incident.Runs, IncidentJson.Default.IReadOnlyListString));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        var entry = await InsertEntryAsync(connection, transaction, incident.Id, draft, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return entry;
    }

    /// <summary>
    /// Appends an entry that changes nothing about the incident itself (an acknowledgement, a page, a reminder), leaving
    /// the incident row alone so a concurrent status change is never overwritten. Null when there is no such incident.
    /// </summary>
    public async Task<IncidentEntry?> AppendEntryAsync(string incidentId, IncidentEntryDraft draft, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        // BEGIN IMMEDIATE: the existence check and the sequence number hold until commit.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using (var exists = connection.CreateCommand())
        {
            exists.Transaction = transaction;
            exists.CommandText = "SELECT COUNT(*) FROM incidents WHERE id = $id";
            exists.Parameters.AddWithValue("$id", incidentId);
            if ((long)(await exists.ExecuteScalarAsync(cancellationToken))! == 0)
            {
                return null;
            }
        }

        var entry = await InsertEntryAsync(connection, transaction, incidentId, draft, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return entry;
    }

    private static async Task<IncidentEntry> InsertEntryAsync(SqliteConnection connection, SqliteTransaction transaction, string incidentId, IncidentEntryDraft draft, CancellationToken cancellationToken)
    {
        long sequence;
        await using (var next = connection.CreateCommand())
        {
            next.Transaction = transaction;
            next.CommandText = "SELECT COALESCE(MAX(seq), 0) + 1 FROM incident_entries WHERE incident_id = $id";
            next.Parameters.AddWithValue("$id", incidentId);
            sequence = (long)(await next.ExecuteScalarAsync(cancellationToken))!;
        }

        var entry = new IncidentEntry(incidentId, sequence, draft.At, draft.RecordedAt, draft.Kind, draft.Author, draft.Text, draft.RefersTo, draft.CorrectedAt);
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO incident_entries (incident_id, seq, at, recorded_at, kind, author, text, refers_to, corrected_at)
                VALUES ($id, $seq, $at, $recorded, $kind, $author, $text, $refers, $corrected)
                """;
            insert.Parameters.AddWithValue("$id", entry.IncidentId);
            insert.Parameters.AddWithValue("$seq", entry.Sequence);
            insert.Parameters.AddWithValue("$at", SqliteRunStore.Format(entry.At));
            insert.Parameters.AddWithValue("$recorded", SqliteRunStore.Format(entry.RecordedAt));
            insert.Parameters.AddWithValue("$kind", WireName.Of(entry.Kind));
            insert.Parameters.AddWithValue("$author", entry.Author);
            insert.Parameters.AddWithValue("$text", entry.Text);
            insert.Parameters.AddWithValue("$refers", (object?)entry.RefersTo ?? DBNull.Value);
            insert.Parameters.AddWithValue("$corrected", entry.CorrectedAt is { } c ? SqliteRunStore.Format(c) : DBNull.Value);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        return entry;
    }

    public async Task<Incident?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await QueryIncidentsAsync("WHERE id = $id", id, cancellationToken)).FirstOrDefault();

    public Task<IReadOnlyList<Incident>> ListAsync(CancellationToken cancellationToken) =>
        QueryIncidentsAsync("ORDER BY opened_at DESC", null, cancellationToken);

    public async Task<IReadOnlyList<IncidentEntry>> EntriesAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT incident_id, seq, at, recorded_at, kind, author, text, refers_to, corrected_at FROM incident_entries WHERE incident_id = $id ORDER BY seq";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<IncidentEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new IncidentEntry(
                reader.GetString(0),
                reader.GetInt64(1),
                SqliteRunStore.Parse(reader.GetString(2)),
                SqliteRunStore.Parse(reader.GetString(3)),
                WireName.Parse<IncidentEntryKind>(reader.GetString(4)),
                reader.GetString(5),
                reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetInt64(7),
                reader.IsDBNull(8) ? null : SqliteRunStore.Parse(reader.GetString(8))));
        }

        return entries;
    }

    private async Task<IReadOnlyList<Incident>> QueryIncidentsAsync(string clause, string? id, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, title, scenario, severity, status, commander, opened_at, opened_by, resolved_at, impact, possible_breach, runs FROM incidents {clause}";
        if (id is not null)
        {
            command.Parameters.AddWithValue("$id", id);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var incidents = new List<Incident>();
        while (await reader.ReadAsync(cancellationToken))
        {
            incidents.Add(new Incident(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3),
                WireName.Parse<IncidentStatus>(reader.GetString(4)),
                reader.GetString(5),
                SqliteRunStore.Parse(reader.GetString(6)),
                reader.GetString(7),
                reader.IsDBNull(8) ? null : SqliteRunStore.Parse(reader.GetString(8)),
                JsonSerializer.Deserialize(reader.GetString(9), IncidentJson.Default.IncidentImpact) ?? IncidentImpact.Unknown,
                reader.GetInt32(10) != 0,
                JsonSerializer.Deserialize(reader.GetString(11), IncidentJson.Default.IReadOnlyListString) ?? []));
        }

        return incidents;
    }

    private Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken) => StateFile.ConnectAsync(_connectionString, cancellationToken);
}
