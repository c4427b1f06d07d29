using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Runs;
using Microsoft.Data.Sqlite;

namespace Lifeline.Engine.Checkpoints;

public sealed partial class SqliteRunStore
{
    /// <summary>
    /// Records a gate decision only if the gate is still open, deciding inside the write transaction. The writer is
    /// single within a process and SQLite's <c>BEGIN IMMEDIATE</c> serialises writers across processes, so two approvals
    /// racing on one gate see each other: exactly one resolves it and the other gets a conflict.
    /// </summary>
    public async Task<GateVote> RecordGateDecisionAsync(OperatorDecision decision, RunEvent runEvent, int required, CancellationToken cancellationToken)
    {
        GateVote? vote = null;
        await WriteAsync(
            (connection, transaction) =>
            {
                vote = DecideGate(connection, transaction, decision, runEvent, required);
                return 0L;
            },
            cancellationToken);
        return vote!;
    }

    private GateVote DecideGate(SqliteConnection connection, SqliteTransaction transaction, OperatorDecision decision, RunEvent runEvent, int required)
    {
        var approvers = new List<string>();
        string? closed = null;
        using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT kind, by FROM decisions WHERE run_id = $run AND step_id = $step AND kind IN ('approve', 'reject', 'break-glass', 'Approve', 'Reject', 'BreakGlass') ORDER BY seq";
            read.Parameters.AddWithValue("$run", decision.RunId);
            read.Parameters.AddWithValue("$step", decision.StepId);
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                var by = reader.GetString(1);
                switch (WireName.Parse<DecisionKind>(reader.GetString(0)))
                {
                    case DecisionKind.Reject:
                        closed ??= $"rejected by {by}";
                        break;
                    case DecisionKind.BreakGlass:
                        closed ??= $"approved by {by} (break-glass)";
                        break;
                    default:
                        if (!approvers.Contains(by, StringComparer.Ordinal))
                        {
                            approvers.Add(by);
                        }

                        break;
                }
            }
        }

        if (closed is null && approvers.Count >= required)
        {
            closed = $"approved by {string.Join(", ", approvers)}";
        }

        if (closed is not null)
        {
            return new GateVote(false, true, approvers, $"step '{decision.StepId}' has already been decided: {closed}");
        }

        if (decision.Kind == DecisionKind.Approve && approvers.Contains(decision.By, StringComparer.Ordinal))
        {
            return new GateVote(false, false, approvers, $"{decision.By} has already approved step '{decision.StepId}' ({approvers.Count}/{required}); each approver counts once");
        }

        InsertDecision(connection, transaction, decision);
        InsertEvent(transaction, runEvent);
        if (decision.Kind == DecisionKind.Approve)
        {
            approvers.Add(decision.By);
        }

        var resolved = decision.Kind is DecisionKind.Reject or DecisionKind.BreakGlass || approvers.Count >= required;
        return new GateVote(true, resolved, approvers, null);
    }
}
