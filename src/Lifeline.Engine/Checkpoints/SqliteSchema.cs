namespace Lifeline.Engine.Checkpoints;

internal static class SqliteSchema
{
    public const int Version = 1;

    public const string Create = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS runs (
            id TEXT PRIMARY KEY,
            scenario TEXT NOT NULL,
            estate TEXT NOT NULL,
            mode TEXT NOT NULL,
            profile TEXT NOT NULL,
            status TEXT NOT NULL,
            started_at TEXT NOT NULL,
            clock_start TEXT NOT NULL,
            finished_at TEXT,
            epoch INTEGER NOT NULL,
            auto_approve INTEGER NOT NULL,
            started_by TEXT NOT NULL,
            sources TEXT NOT NULL,
            inputs TEXT NOT NULL,
            reason TEXT);
        CREATE TABLE IF NOT EXISTS steps (
            run_id TEXT NOT NULL,
            step_id TEXT NOT NULL,
            status TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            started_at TEXT,
            finished_at TEXT,
            outputs TEXT NOT NULL,
            error TEXT,
            PRIMARY KEY (run_id, step_id));
        CREATE TABLE IF NOT EXISTS events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id TEXT NOT NULL,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            phase_id TEXT,
            step_id TEXT,
            attempt INTEGER NOT NULL,
            message TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS events_run ON events (run_id, seq);
        CREATE TABLE IF NOT EXISTS decisions (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id TEXT NOT NULL,
            step_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            by TEXT NOT NULL,
            reason TEXT,
            automatic INTEGER NOT NULL,
            at TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS decisions_run ON decisions (run_id, step_id);
        CREATE TABLE IF NOT EXISTS promotions (
            run_id TEXT NOT NULL,
            estate TEXT NOT NULL,
            profile TEXT NOT NULL,
            epoch INTEGER NOT NULL,
            step_id TEXT NOT NULL,
            resource TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (run_id, step_id));
        CREATE INDEX IF NOT EXISTS promotions_estate ON promotions (estate, profile, epoch);
        CREATE TABLE IF NOT EXISTS deliveries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id TEXT NOT NULL,
            step_id TEXT NOT NULL,
            channel TEXT NOT NULL,
            provider TEXT NOT NULL,
            recipients TEXT NOT NULL,
            subject TEXT NOT NULL,
            required INTEGER NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            error TEXT,
            queued_at TEXT NOT NULL,
            updated_at TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS deliveries_run ON deliveries (run_id, id);
        INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', '1');
        INSERT OR IGNORE INTO meta (key, value) VALUES ('epoch', '0');
        """;
}
