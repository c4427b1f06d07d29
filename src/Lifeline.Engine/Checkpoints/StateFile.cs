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
}
