using System.Globalization;
using Lifeline.Core.Providers;
using Lifeline.Core.Time;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Scheduling;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Engine.Deliveries;

/// <summary>
/// A run's outbox. A notify step records its notice here (durably, in the run store) and returns; each delivery is
/// then sent on its own task, retried with backoff on the run's clock, and its every state change is a run event
/// (so the run's and the incident's timelines show it). A dead channel costs the recovery nothing. When the run's
/// process is done, <see cref="DrainAsync"/> waits a grace period for deliveries still in flight and records the rest
/// as undelivered: nothing is dropped silently.
/// </summary>
internal sealed class DeliveryOutbox(RunSession session)
{
    private readonly Lock _gate = new();
    private readonly List<Task> _inFlight = [];
    private readonly CancellationTokenSource _stop = new();
    private bool _draining;

    private DeliveryPolicy Policy => session.Behaviour.Deliveries;

    /// <summary>Records the delivery as queued and starts sending it; returns at once.</summary>
    public async Task<QueuedDelivery> EnqueueAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var now = session.Time.GetUtcNow();
        var record = new DeliveryRecord(0, session.Run.Id, request.StepId, request.Channel, request.Provider, request.DisplayTo, request.DisplaySubject, request.Required, DeliveryStatus.Queued, 0, null, now, now);
        var queued = session.Event(RunEventKind.NoticeQueued, $"notice to {request.DisplayTo} queued for {request.Channel}: {request.DisplaySubject}", request.PhaseId, request.StepId);
        // Not cancelled with the step: once the row may exist, a task must own it, or an abort could leave it queued.
        var id = await session.Store.EnqueueDeliveryAsync(record, queued, CancellationToken.None);
        session.Observer.OnEvent(queued);
        record = record with { Id = id };
        var completion = new TaskCompletionSource<DeliveryRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (!_draining)
            {
                // Off the step's own flow: the step returns while this runs; DrainAsync awaits it.
                _inFlight.Add(Task.Run(() => DeliverAsync(request, record, completion), CancellationToken.None));
                return new QueuedDelivery(record, completion.Task);
            }
        }

        completion.SetResult(await GiveUpAsync(request, record, DeliveryStatus.Undelivered, "queued after the run's deliveries were drained", CancellationToken.None));
        return new QueuedDelivery(record, completion.Task);
    }

    /// <summary>
    /// Waits up to <paramref name="grace"/> for deliveries in flight, then stops the rest and records each as
    /// undelivered. Returns the deliveries that did not get through.
    /// </summary>
    public async Task DrainAsync(TimeSpan grace)
    {
        Task[] inFlight;
        lock (_gate)
        {
            _draining = true;
            inFlight = [.. _inFlight];
        }

        if (inFlight.Length == 0)
        {
            return;
        }

        var all = Task.WhenAll(inFlight);
        var pending = inFlight.Count(t => !t.IsCompleted);
        if (grace > TimeSpan.Zero && pending > 0)
        {
            var waiting = $"the run is done; waiting up to {DurationText.Format(grace)} for {pending.ToString(CultureInfo.InvariantCulture)} notice{(pending == 1 ? "" : "s")} still being delivered";
            await session.PublishAsync(session.Event(RunEventKind.StepLog, waiting), CancellationToken.None);
            try
            {
                await all.WaitAsync(grace, session.Time);
            }
            catch (TimeoutException)
            {
            }
        }

        await _stop.CancelAsync();
        await all;
    }

    /// <summary>
    /// Records as undelivered the deliveries an earlier process of this run left queued (it was killed before it could
    /// drain them). This process holds the run's claim, so nobody else is still sending them; their messages were never
    /// stored, so they cannot be sent again from here.
    /// </summary>
    public async Task ReportOrphansAsync(CancellationToken cancellationToken)
    {
        foreach (var orphan in (await session.Store.GetDeliveriesAsync(session.Run.Id, cancellationToken)).Where(d => d.Status == DeliveryStatus.Queued))
        {
            var why = $"the process that queued it ended before it was delivered ({orphan.Attempts.ToString(CultureInfo.InvariantCulture)} attempt{(orphan.Attempts == 1 ? "" : "s")}{(orphan.Error is null ? "" : $"; last: {orphan.Error}")})";
            var text = $"warning: notice to {orphan.To} NOT delivered through {orphan.Channel} ({orphan.Subject}): {why}";
            var phase = session.Plan.Phases.FirstOrDefault(p => p.Steps.Any(s => s.Id == orphan.StepId))?.Id;
            await RecordAsync(orphan.Id, DeliveryStatus.Undelivered, orphan.Attempts, why, session.Time.GetUtcNow(), session.Event(RunEventKind.NoticeUndelivered, text, phase, orphan.StepId, orphan.Attempts), cancellationToken);
        }
    }

    private async Task DeliverAsync(DeliveryRequest request, DeliveryRecord record, TaskCompletionSource<DeliveryRecord> completion)
    {
        try
        {
            completion.SetResult(await AttemptUntilDoneAsync(request, record));
        }
        catch (Exception ex)
        {
            completion.SetException(ex);
            throw;
        }
    }

    private async Task<DeliveryRecord> AttemptUntilDoneAsync(DeliveryRequest request, DeliveryRecord record)
    {
        var attempts = 0;
        string? error = null;
        while (!_stop.IsCancellationRequested)
        {
            attempts++;
            var outcome = await SendOnceAsync(request, attempts);
            if (outcome is null)
            {
                break;
            }

            var now = session.Time.GetUtcNow();
            if (outcome.Succeeded)
            {
                var sent = session.Event(RunEventKind.NoticeSent, $"notice to {request.DisplayTo} delivered through {request.Channel}{Tries(attempts)}: {request.DisplaySubject}", request.PhaseId, request.StepId, attempts);
                await RecordAsync(record.Id, DeliveryStatus.Sent, attempts, null, now, sent);
                return record with { Status = DeliveryStatus.Sent, Attempts = attempts, Error = null, UpdatedAt = now };
            }

            error = session.Redactor.Redact(outcome.Error ?? "the channel failed without saying why");
            if (!outcome.IsTransient)
            {
                return await GiveUpAsync(request, record with { Attempts = attempts }, DeliveryStatus.Failed, $"refused: {error}", CancellationToken.None);
            }

            if (attempts >= Policy.MaxAttempts)
            {
                return await GiveUpAsync(request, record with { Attempts = attempts }, DeliveryStatus.Failed, $"{attempts.ToString(CultureInfo.InvariantCulture)} attempts failed; last: {error}", CancellationToken.None);
            }

            var delay = Policy.Backoff(attempts);
            var retrying = session.Event(RunEventKind.NoticeRetrying, $"notice to {request.DisplayTo} through {request.Channel}: attempt {attempts.ToString(CultureInfo.InvariantCulture)} failed: {error}; retrying in {DurationText.Format(delay)}", request.PhaseId, request.StepId, attempts);
            await RecordAsync(record.Id, DeliveryStatus.Queued, attempts, error, now, retrying);
            try
            {
                await Task.Delay(delay, session.Time, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        var why = "the run's process ended before it was delivered"
            + (attempts == 0 ? "" : $" ({attempts.ToString(CultureInfo.InvariantCulture)} attempt{(attempts == 1 ? "" : "s")}{(error is null ? "" : $"; last: {error}")})");
        return await GiveUpAsync(request, record with { Attempts = attempts }, DeliveryStatus.Undelivered, why, CancellationToken.None);
    }

    /// <summary>One attempt; null when the outbox was stopped during it. A throwing channel is a failed attempt, never an escaping exception.</summary>
    private async Task<OperationOutcome?> SendOnceAsync(DeliveryRequest request, int attempt)
    {
        if (session.Providers.Implementation(request.Provider) is not { } provider)
        {
            return OperationOutcome.Failure($"provider '{request.Provider}' cannot send in this build");
        }

        var context = new StepContext(session.Run.Id, request.StepId, attempt, session.Run.Epoch, session.Run.Mode, DeliveryLog.Instance);
        try
        {
            return await provider.ExecuteAsync(new OperationRequest(Operations.Notify.Send.Name, request.Target, request.Settings, request.Message, context), _stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex)
        {
            return OperationOutcome.Failure($"{request.Provider} failed unexpectedly: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private async Task<DeliveryRecord> GiveUpAsync(DeliveryRequest request, DeliveryRecord record, DeliveryStatus status, string why, CancellationToken cancellationToken)
    {
        var now = session.Time.GetUtcNow();
        var text = $"warning: notice to {request.DisplayTo} NOT delivered through {request.Channel} ({request.DisplaySubject}): {why}";
        var undelivered = session.Event(RunEventKind.NoticeUndelivered, text, request.PhaseId, request.StepId, record.Attempts);
        await RecordAsync(record.Id, status, record.Attempts, why, now, undelivered, cancellationToken);
        return record with { Status = status, Error = session.Redactor.Redact(why), UpdatedAt = now };
    }

    private async Task RecordAsync(long id, DeliveryStatus status, int attempts, string? error, DateTimeOffset at, RunEvent runEvent, CancellationToken cancellationToken = default)
    {
        // Never cancelled with the run: a delivery's fate is recorded even when the run was aborted.
        await session.Store.UpdateDeliveryAsync(id, status, attempts, error is null ? null : session.Redactor.Redact(error), at, runEvent, cancellationToken);
        await session.AuditAsync(runEvent, session.Run.StartedBy, cancellationToken);
        session.Observer.OnEvent(runEvent);
    }

    private static string Tries(int attempts) => attempts == 1 ? "" : $" (attempt {attempts.ToString(CultureInfo.InvariantCulture)})";
}
