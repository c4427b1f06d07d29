using Npgsql;

namespace Lifeline.Sandbox.Workload;

/// <summary>
/// Counts acknowledged writes missing from the recovered database: measured RPO, not a promise. A write is found by its
/// id and name: a database restored to an earlier point reissues ids, so another row may hold a lost write's id.
/// </summary>
internal static class RpoCounter
{
    private const string MissingIds = """
        SELECT a.id FROM unnest($1::bigint[], $2::text[]) AS a(id, name)
        WHERE NOT EXISTS (SELECT 1 FROM patients p WHERE p.id = a.id AND p.name = a.name)
        ORDER BY a.id
        """;

    /// <param name="acknowledgedBefore">Writes acknowledged before the fault (see <see cref="WorkloadSnapshot.AcknowledgedBefore"/>).</param>
    /// <param name="connectionString">The recovered database (e.g. the promoted standby).</param>
    /// <param name="cancellationToken">Stops the query.</param>
    /// <exception cref="NpgsqlException">The recovered database cannot be queried: no RPO can be measured.</exception>
    public static async Task<RpoResult> CountLostAsync(IEnumerable<AcknowledgedWrite> acknowledgedBefore, string connectionString, CancellationToken cancellationToken)
    {
        var writes = acknowledgedBefore.ToList();
        if (writes.Count == 0)
            return new RpoResult(0, 0, [], 0);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(MissingIds, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = writes.Select(w => w.PatientId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = writes.Select(w => w.Name).ToArray() });
        var lostIds = new List<long>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                lostIds.Add(reader.GetInt64(0));
        }

        if (lostIds.Count == 0)
            return new RpoResult(writes.Count, 0, [], 0);
        var lost = lostIds.ToHashSet();
        var earliestLost = writes.Where(w => lost.Contains(w.PatientId)).Min(w => w.AcknowledgedAt);
        var lastAck = writes.Max(w => w.AcknowledgedAt);
        return new RpoResult(writes.Count, lostIds.Count, lostIds, (lastAck - earliestLost).TotalSeconds);
    }
}
