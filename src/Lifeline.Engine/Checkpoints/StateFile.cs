using Microsoft.Data.Sqlite;

namespace Lifeline.Engine.Checkpoints;

/// <summary>The state database file that runs, incidents and the audit trail share: its directory and connection string.</summary>
public static class StateFile
{
    public static string ConnectionString(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        return new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, DefaultTimeout = 30 }.ToString();
    }

    /// <summary>An open connection that waits up to 10 s for another writer (runs, incidents, audit and the monitor share the file).</summary>
    public static async Task<SqliteConnection> ConnectAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 10000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
