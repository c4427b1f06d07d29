using Lifeline.Engine.Deliveries;
using Lifeline.Engine.Runs;

namespace Lifeline.Engine.Checkpoints;

public sealed partial class SqliteRunStore
{
    public Task<long> EnqueueDeliveryAsync(DeliveryRecord delivery, RunEvent runEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return WriteAsync(
            (connection, transaction) =>
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = """
                    INSERT INTO deliveries (run_id, step_id, channel, provider, recipients, subject, required, status, attempts, error, queued_at, updated_at)
                    VALUES ($run, $step, $channel, $provider, $to, $subject, $required, $status, $attempts, $error, $queued, $updated)
                    RETURNING id
                    """;
                command.Parameters.AddWithValue("$run", delivery.RunId);
                command.Parameters.AddWithValue("$step", delivery.StepId);
                command.Parameters.AddWithValue("$channel", delivery.Channel);
                command.Parameters.AddWithValue("$provider", delivery.Provider);
                command.Parameters.AddWithValue("$to", delivery.To);
                command.Parameters.AddWithValue("$subject", delivery.Subject);
                command.Parameters.AddWithValue("$required", delivery.Required ? 1 : 0);
                command.Parameters.AddWithValue("$status", delivery.Status.ToString());
                command.Parameters.AddWithValue("$attempts", delivery.Attempts);
                command.Parameters.AddWithValue("$error", (object?)delivery.Error ?? DBNull.Value);
                command.Parameters.AddWithValue("$queued", Format(delivery.QueuedAt));
                command.Parameters.AddWithValue("$updated", Format(delivery.UpdatedAt));
                var id = (long)command.ExecuteScalar()!;
                InsertEvent(transaction, runEvent);
                return id;
            },
            cancellationToken);
    }

    public Task UpdateDeliveryAsync(long id, DeliveryStatus status, int attempts, string? error, DateTimeOffset at, RunEvent? runEvent, CancellationToken cancellationToken) =>
        WriteAsync(
            (connection, transaction) =>
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "UPDATE deliveries SET status = $status, attempts = $attempts, error = $error, updated_at = $at WHERE id = $id";
                command.Parameters.AddWithValue("$id", id);
                command.Parameters.AddWithValue("$status", status.ToString());
                command.Parameters.AddWithValue("$attempts", attempts);
                command.Parameters.AddWithValue("$error", (object?)error ?? DBNull.Value);
                command.Parameters.AddWithValue("$at", Format(at));
                command.ExecuteNonQuery();
                if (runEvent is not null)
                {
                    InsertEvent(transaction, runEvent);
                }

                return 0L;
            },
            cancellationToken);

    public Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesAsync(string runId, CancellationToken cancellationToken) =>
        QueryAsync(
            """
            SELECT id, run_id, step_id, channel, provider, recipients, subject, required, status, attempts, error, queued_at, updated_at
            FROM deliveries WHERE run_id = $run ORDER BY id
            """,
            command => command.Parameters.AddWithValue("$run", runId),
            reader => new DeliveryRecord(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetString(6),
                reader.GetInt32(7) != 0,
                Enum.Parse<DeliveryStatus>(reader.GetString(8)),
                reader.GetInt32(9),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                Parse(reader.GetString(11)),
                Parse(reader.GetString(12))),
            cancellationToken);
}
