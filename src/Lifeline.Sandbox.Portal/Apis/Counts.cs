using Npgsql;

namespace Lifeline.Sandbox.Portal.Apis;

internal static class Counts
{
    /// <summary>Exact row count of one of the portal's own tables (never user input).</summary>
    public static async Task<long> OfAsync(NpgsqlDataSource db, string table, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"SELECT count(*) FROM {table}");
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}
