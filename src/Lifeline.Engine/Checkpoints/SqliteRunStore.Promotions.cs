using Lifeline.Engine.Runs;

namespace Lifeline.Engine.Checkpoints;

public sealed partial class SqliteRunStore
{
    public Task RecordPromotionAsync(PromotionRecord promotion, CancellationToken cancellationToken) =>
        WriteAsync(
            (connection, transaction) =>
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = """
                    INSERT INTO promotions (run_id, estate, profile, epoch, step_id, resource, at) VALUES ($run, $estate, $profile, $epoch, $step, $resource, $at)
                    ON CONFLICT (run_id, step_id) DO UPDATE SET resource = excluded.resource, at = excluded.at
                    """;
                command.Parameters.AddWithValue("$run", promotion.RunId);
                command.Parameters.AddWithValue("$estate", promotion.Estate);
                command.Parameters.AddWithValue("$profile", promotion.Profile);
                command.Parameters.AddWithValue("$epoch", promotion.Epoch);
                command.Parameters.AddWithValue("$step", promotion.StepId);
                command.Parameters.AddWithValue("$resource", promotion.Resource);
                command.Parameters.AddWithValue("$at", Format(promotion.At));
                command.ExecuteNonQuery();
                return 0L;
            },
            cancellationToken);

    public async Task<PromotionRecord?> LatestPromotionAsync(string estate, string profile, CancellationToken cancellationToken)
    {
        var promotions = await QueryAsync(
            "SELECT run_id, estate, profile, epoch, step_id, resource, at FROM promotions WHERE estate = $estate AND profile = $profile ORDER BY epoch DESC, at DESC LIMIT 1",
            command =>
            {
                command.Parameters.AddWithValue("$estate", estate);
                command.Parameters.AddWithValue("$profile", profile);
            },
            reader => new PromotionRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4), reader.GetString(5), Parse(reader.GetString(6))),
            cancellationToken);
        return promotions.Count == 0 ? null : promotions[0];
    }
}
