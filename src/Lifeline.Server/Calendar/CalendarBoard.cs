using Lifeline.Core.Estates;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Runs;
using Lifeline.Server.Apis;
using Lifeline.Server.Hosting;

namespace Lifeline.Server.Calendar;

/// <summary>
/// Every served estate's testing calendar as it stands, computed from the run store and the cadence alone: no process's
/// memory is needed to know an item's last and next drill, so a restarted server (or one that never ran the scheduler)
/// says the same as the one that ran the drill.
/// </summary>
internal sealed class CalendarBoard(EstateCatalog estates, ServerState state, TimeProvider time)
{
    // Enough history for a chart of a year of weekly drills; older runs are not looked at.
    private const int RunsLooked = 500;
    private const int HistoryPerItem = 24;

    public async Task<IReadOnlyList<CalendarItemView>> ListAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var runs = await state.Runs.ListAsync(RunsLooked, cancellationToken);
        var items = new List<CalendarItemView>();
        foreach (var name in estates.Names.Order(StringComparer.Ordinal))
        {
            if (estates.Load(name, null, new Dictionary<string, string>()).Estate is not { } loaded)
            {
                continue;
            }

            foreach (var item in loaded.Estate.Calendar)
            {
                items.Add(await ViewAsync(loaded.Estate.Name, item, runs, now, cancellationToken));
            }
        }

        return items;
    }

    private async Task<CalendarItemView> ViewAsync(string estate, CalendarItem item, IReadOnlyList<RunRecord> runs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var kind = !item.IsDrill ? "task" : item.Mode == CalendarMode.GameDay ? "game-day" : "drill";
        var history = new List<CalendarDrillRun>();
        if (item.IsDrill)
        {
            // A sandbox item counts drill-mode runs only; a game day is production, so only a live run of the plan counts.
            var mode = item.Mode == CalendarMode.GameDay ? RunMode.Live : RunMode.Drill;
            foreach (var run in runs.Where(r => r.EstateName == estate && r.Scenario == item.Drill && r.Mode == mode).Take(HistoryPerItem).Reverse())
            {
                history.Add(await DrillRunAsync(run, cancellationToken));
            }
        }

        var last = history.Count > 0 ? history[^1] : null;

        // Due next after the last drill (in the past when it is overdue); never drilled, or a task (whose completion is
        // not stored yet), falls due at the cadence's next occurrence from now.
        var next = last is not null ? item.NextAfter(last.StartedAt) : item.NextAfter(now);
        return new CalendarItemView(estate, item.Id, item.Description, kind, item.Owner, item.CadenceText, item.Drill, last, next, next is { } due && due <= now, history);
    }

    private async Task<CalendarDrillRun> DrillRunAsync(RunRecord run, CancellationToken cancellationToken)
    {
        var report = await state.Runs.ReportAsync(run.Id, cancellationToken);
        var finished = run.Status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Aborted;
        return new CalendarDrillRun(run.Id, WireName.Of(run.Mode), WireName.Of(run.Status), run.StartedAt, run.FinishedAt,
            finished ? report?.Rto.ElapsedS : null, report?.Rto.ObjectiveS, finished ? report?.Rto.WithinObjective : null);
    }
}
