using System.Threading.Channels;
using Lifeline.Core.Plans;
using Lifeline.Core.Providers;
using Lifeline.Core.Time;
using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Steps;
using Polly;

namespace Lifeline.Engine.Scheduling;

internal sealed partial class RunExecutor
{
    private async Task RunStepAsync(Step step, Phase phase, ChannelWriter<StepCompletion> completions, CancellationToken cancellationToken)
    {
        try
        {
            var result = await ExecuteStepAsync(step, phase, cancellationToken);
            if (result.IsFailure && step.OnFailure == OnFailure.Compensate && step.Compensation is { } compensation)
            {
                await session.PublishAsync(session.Event(RunEventKind.StepLog, $"compensating with {compensation.Id}", phase.Id, step.Id), cancellationToken);
                session.States.TryAdd(compensation.Id, new StepRecord(session.Run.Id, compensation.Id, StepStatus.Pending, 0, null, null, new Dictionary<string, string>(), null));
                await ExecuteStepAsync(compensation, phase, cancellationToken);
            }

            completions.TryWrite(new StepCompletion(step, result, null));
        }
        catch (Exception ex)
        {
            completions.TryWrite(new StepCompletion(step, StepResult.Failed(ex.Message), ex));
        }
    }

    private async Task<StepResult> ExecuteStepAsync(Step step, Phase phase, CancellationToken cancellationToken)
    {
        var existing = session.States[step.Id];
        var firstStartedAt = existing.StartedAt ?? session.Time.GetUtcNow();
        var attempt = existing.Attempt;
        var log = new SessionStepLog(session, phase.Id, step.Id);
        var pipeline = StepPipelines.Build(step, session.Time, async (next, failed, delay) =>
            await session.PublishAsync(
                session.Event(RunEventKind.StepRetrying, $"attempt {next - 1} failed: {StepPipelines.Describe(failed)}; retrying in {DurationText.Format(delay)}", phase.Id, step.Id, next - 1),
                cancellationToken));

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        Outcome<StepResult> outcome;
        try
        {
            outcome = await pipeline.ExecuteOutcomeAsync(
                async (ctx, _) =>
                {
                    var number = Interlocked.Increment(ref attempt);
                    log.Attempt = number;
                    await session.TransitionAsync(
                        new StepRecord(session.Run.Id, step.Id, StepStatus.Running, number, firstStartedAt, null, new Dictionary<string, string>(), null),
                        session.Event(RunEventKind.StepStarted, Describe(step, number), phase.Id, step.Id, number),
                        cancellationToken);
                    try
                    {
                        return Outcome.FromResult(await _runner.RunAsync(new StepAttempt(step, phase, number, firstStartedAt, log), ctx.CancellationToken));
                    }
                    catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                    {
                        // Cancelled by the attempt's timeout: Polly turns this into a timeout outcome.
                        return Outcome.FromException<StepResult>(ex);
                    }
                },
                context,
                0);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var result = StepPipelines.ToResult(outcome, step);
        var now = session.Time.GetUtcNow();
        switch (result.Status)
        {
            case StepStatus.Succeeded:
                if (Fencing.Promotions.Promoted(step) is { } promoted && session.Run.Mode != RunMode.DryRun)
                {
                    // Recorded first: from now on this member is the legitimate primary, whatever the run does next.
                    await session.Store.RecordPromotionAsync(
                        new PromotionRecord(session.Run.Id, session.Run.EstateName, session.Run.Profile, session.Run.Epoch, step.Id, promoted, now),
                        cancellationToken);
                }

                session.Outputs[step.Id] = result.Outputs;
                await session.TransitionAsync(
                    new StepRecord(session.Run.Id, step.Id, StepStatus.Succeeded, attempt, firstStartedAt, now, result.Outputs, null),
                    session.Event(RunEventKind.StepSucceeded, $"{step.Name} succeeded in {DurationText.Format(now - firstStartedAt)}", phase.Id, step.Id, attempt),
                    cancellationToken);
                if (step.Body is ActionBody evidenceAction && Operations.GathersEvidence(evidenceAction.Operation)
                    && result.Outputs.TryGetValue(Operations.EvidenceOutput, out var evidence) && evidence.Length > 0)
                {
                    await session.PublishAsync(session.Event(RunEventKind.Evidence, $"{step.Name}: {evidence}", phase.Id, step.Id, attempt), cancellationToken);
                }

                break;
            case StepStatus.Waiting:
                await session.TransitionAsync(
                    new StepRecord(session.Run.Id, step.Id, StepStatus.Waiting, attempt, firstStartedAt, null, new Dictionary<string, string>(), result.Error),
                    session.Event(RunEventKind.StepWaiting, result.Error ?? "waiting", phase.Id, step.Id, attempt),
                    cancellationToken);
                break;
            default:
                var continuing = step.OnFailure == OnFailure.Continue ? " (on-failure: continue)" : "";
                await session.TransitionAsync(
                    new StepRecord(session.Run.Id, step.Id, StepStatus.Failed, attempt, firstStartedAt, now, new Dictionary<string, string>(), result.Error),
                    session.Event(RunEventKind.StepFailed, $"{step.Name} failed: {result.Error}{continuing}", phase.Id, step.Id, attempt),
                    cancellationToken);
                break;
        }

        return result;
    }

    private static string Describe(Step step, int attempt)
    {
        var what = step.Body switch
        {
            ActionBody a => a.Target is null ? a.Operation : $"{a.Operation} on {a.Target}",
            CheckBody c => c.Target is null ? $"check {c.Probe}" : $"check {c.Probe} on {c.Target}",
            WaitBody w => $"wait {DurationText.Format(w.Duration)}",
            ApprovalBody => "approval gate",
            ManualBody => "manual task",
            NotifyBody => "notify",
            ShellBody => "shell",
            _ => step.Kind.ToString(),
        };
        return attempt > 1 ? $"{step.Name}: {what} (attempt {attempt})" : $"{step.Name}: {what}";
    }

    private async Task SkipAsync(Step step, Phase phase, string why, CancellationToken cancellationToken) =>
        await session.TransitionAsync(
            new StepRecord(session.Run.Id, step.Id, StepStatus.Skipped, session.States[step.Id].Attempt, null, null, new Dictionary<string, string>(), why),
            session.Event(RunEventKind.StepSkipped, $"{step.Name} skipped: {why}", phase.Id, step.Id),
            cancellationToken);

    /// <summary>Records the steps that were cancelled in flight (their phase awaited them) as failed, saying why.</summary>
    private async Task InterruptRunningAsync(string why, CancellationToken cancellationToken)
    {
        foreach (var phase in session.Plan.Phases)
        {
            foreach (var step in phase.Steps.Where(s => session.States[s.Id].Status == StepStatus.Running))
            {
                var state = session.States[step.Id];
                var now = session.Time.GetUtcNow();
                await session.TransitionAsync(
                    state with { Status = StepStatus.Failed, FinishedAt = now, Outputs = new Dictionary<string, string>(), Error = why },
                    session.Event(RunEventKind.StepFailed, $"{step.Name} stopped: {why}", phase.Id, step.Id, state.Attempt),
                    cancellationToken);
            }
        }
    }

    private async Task SkipRemainingAsync(string why, CancellationToken cancellationToken)
    {
        foreach (var phase in session.Plan.Phases)
        {
            foreach (var step in phase.Steps.Where(s => session.States[s.Id].Status is StepStatus.Pending or StepStatus.Waiting or StepStatus.NeedsOperator))
            {
                await SkipAsync(step, phase, why, cancellationToken);
            }
        }
    }

    private string? FailureSummary()
    {
        var failed = session.Plan.Steps
            .Where(s => s.OnFailure != OnFailure.Continue && session.States[s.Id].Status == StepStatus.Failed)
            .Select(s => $"{s.Id}: {session.States[s.Id].Error}")
            .ToList();
        return failed.Count == 0 ? null : string.Join("; ", failed);
    }

    private async Task<RunStatus> FinishAsync(RunStatus status, string? reason, CancellationToken cancellationToken)
    {
        var now = session.Time.GetUtcNow();
        var rto = DurationText.Format(now - session.Run.ClockStart);
        var message = status switch
        {
            RunStatus.Succeeded => $"run succeeded; RTO clock {rto}",
            RunStatus.Aborted => $"run aborted after {rto}",
            _ => $"run failed after {rto}: {reason}",
        };
        var runEvent = session.Event(RunEventKind.RunFinished, message);
        await session.Store.UpdateRunAsync(session.Run.Id, status, now, reason is null ? null : session.Redactor.Redact(reason), runEvent, cancellationToken);
        await session.AuditAsync(runEvent, session.Run.StartedBy, cancellationToken);
        session.Observer.OnEvent(runEvent);
        return status;
    }

    private async Task<RunStatus> ParkAsync(CancellationToken cancellationToken)
    {
        var waiting = session.Plan.Steps
            .Where(s => session.States[s.Id].Status is StepStatus.Waiting or StepStatus.NeedsOperator)
            .Select(s => session.States[s.Id].Status == StepStatus.NeedsOperator
                ? $"{s.Id} was interrupted and is not idempotent: lifeline runs retry|mark-done {session.Run.Id} {s.Id}, or lifeline runs abort {session.Run.Id}"
                : session.States[s.Id].Error ?? $"{s.Id} is waiting")
            .ToList();
        var reason = string.Join("; ", waiting);
        var runEvent = session.Event(RunEventKind.RunWaiting, reason);
        await session.Store.UpdateRunAsync(session.Run.Id, RunStatus.Waiting, null, reason, runEvent, cancellationToken);
        await session.AuditAsync(runEvent, session.Run.StartedBy, cancellationToken);
        session.Observer.OnEvent(runEvent);
        return RunStatus.Waiting;
    }

    /// <summary>Whether re-running a step that was in flight when the control plane died is safe.</summary>
    internal static bool IsIdempotent(Step step, RunSession session) => step.Body switch
    {
        CheckBody or WaitBody or ApprovalBody or ManualBody => true,
        ShellBody shell => shell.Idempotent,
        ActionBody action => OperationDescriptor(action, session)?.Idempotent ?? false,
        _ => false,
    };

    private static OperationDescriptor? OperationDescriptor(ActionBody action, RunSession session)
    {
        var provider = action.Target is null
            ? Operations.UntargetedProvider(action.Operation)
            : session.Estate.FindResource(action.Target)?.BindingFor(session.Run.Profile)?.Provider;
        return provider is null ? null : session.Providers.Find(provider)?.FindOperation(action.Operation);
    }
}
