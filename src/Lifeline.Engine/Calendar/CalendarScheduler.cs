using Lifeline.Core.Estates;
using Lifeline.Core.PlanFiles;
using Lifeline.Engine.Calendar.Communications;
using Lifeline.Engine.Incidents.Escalation;

namespace Lifeline.Engine.Calendar;

/// <summary>
/// The testing calendar, run: on every tick each item that fell due is handled once. A sandbox drill is started through
/// the launcher and graded against the objectives; a game day waits for an approval; a task is opened with its deadline,
/// and its owner is reminded once when it is overdue. Missed occurrences (the host was down) collapse into one: a drill
/// is not run three times to catch up. Drills run one after another, never two sandboxes at once.
/// </summary>
public sealed partial class CalendarScheduler
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Estate, string Item), CalendarEntry> _entries = [];
    private readonly HashSet<(string Estate, string Item)> _approved = [];
    private readonly List<DrillGrade> _grades = [];
    private readonly IDrillLauncher _launcher;
    private readonly TimeProvider _time;
    private readonly CalendarStateFile? _file;
    private readonly DateTimeOffset _since;
    private readonly ICommunicationsTester? _communications;

    /// <param name="launcher">Starts the due drills.</param>
    /// <param name="time">The calendar's clock.</param>
    /// <param name="file">Where the calendar remembers itself between restarts; none keeps it in memory only.</param>
    /// <param name="communications">Sends and grades communications tests; without it they are opened as tasks.</param>
    public CalendarScheduler(IDrillLauncher launcher, TimeProvider time, CalendarStateFile? file = null, ICommunicationsTester? communications = null)
    {
        _communications = communications;
        _launcher = launcher;
        _time = time;
        _file = file;
        _since = _time.GetUtcNow();
        if (file?.Load() is { } loaded)
        {
            Problem = loaded.Problem;
            foreach (var entry in loaded.Snapshot.Entries)
            {
                _entries[(entry.Estate, entry.Item)] = entry;
            }

            _grades.AddRange(loaded.Snapshot.Grades);
            _approved.UnionWith(loaded.Snapshot.Approved.Select(a => (a.Estate, a.Item)));
        }
    }

    /// <summary>Why the saved state could not be read (the calendar then starts from the cadences); null when it could.</summary>
    public string? Problem { get; }

    /// <summary>Where every item of the estate stands: last and next due, last drill, open task.</summary>
    public IReadOnlyList<CalendarEntry> Entries(LoadedEstate loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        lock (_gate)
        {
            return [.. loaded.Estate.Calendar.Select(item => Entry(loaded.Estate.Name, item))];
        }
    }

    /// <summary>Every drill graded here, oldest first.</summary>
    public IReadOnlyList<DrillGrade> Grades()
    {
        lock (_gate)
        {
            return [.. _grades];
        }
    }

    /// <summary>Lets a game day that is waiting for its approval start on the next tick; false when none is waiting.</summary>
    public bool ApproveGameDay(string estate, string item)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue((estate, item), out var entry) || entry.AwaitingApprovalSince is null || !_approved.Add((estate, item)))
            {
                return false;
            }

            Persist();
            return true;
        }
    }

    /// <summary>Marks an open task done; false when the item has no open task.</summary>
    public bool CompleteTask(string estate, string item)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue((estate, item), out var entry) || entry.Task is not { DoneAt: null } task)
            {
                return false;
            }

            _entries[(estate, item)] = entry with { Task = task with { DoneAt = _time.GetUtcNow() } };
            Persist();
            return true;
        }
    }

    /// <summary>Handles every item of the estate that is due now; returns the drills graded in this tick.</summary>
    public async Task<IReadOnlyList<DrillGrade>> TickAsync(LoadedEstate loaded, IIncidentNotifier? notifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        var graded = new List<DrillGrade>();
        foreach (var item in loaded.Estate.Calendar)
        {
            var now = _time.GetUtcNow();
            CalendarEntry entry;
            lock (_gate)
            {
                entry = Entry(loaded.Estate.Name, item);
            }

            if (entry.NextDue is { } due && due <= now)
            {
                var latest = Latest(item, due, now);
                if (item.IsDrill)
                {
                    (entry, var grade) = await DrillAsync(loaded, item, entry, latest, notifier, cancellationToken);
                    if (grade is not null)
                    {
                        graded.Add(grade);
                    }
                }
                else if (item.IsCommunicationsTest && _communications is not null)
                {
                    var round = await _communications.SendAsync(loaded, item, cancellationToken);
                    entry = entry with { LastDue = latest, NextDue = item.NextAfter(latest), PendingCommunications = round };
                }
                else
                {
                    entry = entry with
                    {
                        LastDue = latest,
                        NextDue = item.NextAfter(latest),
                        Task = new CalendarTask(loaded.Estate.Name, item.Id, item.Task!, item.Owner, item.Checklist, latest, latest + item.DueWithin),
                    };
                }
            }

            // A test sent before a restart is graded too: its acknowledgements are in the state database.
            if (entry.PendingCommunications is { } pending && _communications is not null && pending.SentAt + (item.AcknowledgeWithin ?? TimeSpan.Zero) <= _time.GetUtcNow())
            {
                entry = entry with { PendingCommunications = null, LastCommunications = await _communications.GradeAsync(pending, item, cancellationToken) };
            }

            entry = await RemindAsync(loaded.Estate, item, entry, notifier, cancellationToken);
            lock (_gate)
            {
                _entries[(loaded.Estate.Name, item.Id)] = entry;
                Persist();
            }
        }

        return graded;
    }

    /// <summary>
    /// Ticks every estate at <paramref name="interval"/> until cancelled; the estates are read again on every tick. A
    /// tick that throws is a bug in Lifeline, not in the estate: it is reported through <paramref name="failed"/> and the
    /// calendar goes on, because the host it runs in (the monitoring server) must not stop with it.
    /// </summary>
    public async Task RunAsync(
        Func<IReadOnlyList<(LoadedEstate Estate, IIncidentNotifier? Notifier)>> estates, TimeSpan interval, CancellationToken cancellationToken, Action<string, Exception>? failed = null)
    {
        ArgumentNullException.ThrowIfNull(estates);
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var (estate, notifier) in estates())
            {
                try
                {
                    await TickAsync(estate, notifier, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    failed?.Invoke(estate.Estate.Name, ex);
                }
            }

            try
            {
                await Task.Delay(interval, _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Saves the whole calendar; called under the gate after every change, so saves never interleave.</summary>
    private void Persist() => _file?.Save(new CalendarSnapshot(
        [.. _entries.Values.OrderBy(e => e.Estate, StringComparer.Ordinal).ThenBy(e => e.Item, StringComparer.Ordinal)],
        [.. _grades],
        [.. _approved.Select(a => new CalendarItemKey(a.Estate, a.Item))]));

    private CalendarEntry Entry(string estate, CalendarItem item) =>
        _entries.TryGetValue((estate, item.Id), out var entry)
            ? entry
            : new CalendarEntry(estate, item.Id, item.IsDrill ? (item.Mode == CalendarMode.GameDay ? "game-day" : "drill") : "task", item.Owner, item.CadenceText, null, item.NextAfter(_since));

    private static DateTimeOffset Latest(CalendarItem item, DateTimeOffset due, DateTimeOffset now)
    {
        var latest = due;
        while (item.NextAfter(latest) is { } next && next <= now)
        {
            latest = next;
        }

        return latest;
    }
}
