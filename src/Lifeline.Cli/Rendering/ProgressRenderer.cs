using Lifeline.Core.Time;
using Lifeline.Engine.Runs;
using Spectre.Console;

namespace Lifeline.Cli.Rendering;

/// <summary>Live progress: one line per event, stamped with the RTO clock and the phase's elapsed time against its budget.</summary>
internal sealed class ProgressRenderer(IAnsiConsole console, Func<string?, TimeSpan?> budgetOf) : IRunObserver
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _phaseStarts = [];
    private DateTimeOffset? _clockStart;

    public void OnEvent(RunEvent runEvent)
    {
        lock (_gate)
        {
            _clockStart ??= runEvent.At;
            if (runEvent.Kind == RunEventKind.PhaseStarted && runEvent.PhaseId is { } started)
            {
                _phaseStarts[started] = runEvent.At;
            }

            var (symbol, colour) = runEvent.Kind switch
            {
                RunEventKind.RunStarted or RunEventKind.RunResumed => ("●", "blue"),
                RunEventKind.PhaseStarted => ("▶", "blue"),
                RunEventKind.PhaseFinished => ("■", "blue"),
                RunEventKind.PhaseOverrun => ("!", "yellow"),
                RunEventKind.StepStarted => ("→", "grey"),
                RunEventKind.StepLog => (" ", "grey"),
                RunEventKind.StepRetrying => ("↻", "yellow"),
                RunEventKind.StepSucceeded => ("✓", "green"),
                RunEventKind.StepFailed => ("✗", "red"),
                RunEventKind.StepSkipped => ("-", "grey"),
                RunEventKind.StepWaiting or RunEventKind.RunWaiting or RunEventKind.StepNeedsOperator => ("⏳", "yellow"),
                RunEventKind.Decision => ("✎", "blue"),
                RunEventKind.NoticeQueued => ("✉", "grey"),
                RunEventKind.NoticeSent => ("✉", "green"),
                RunEventKind.NoticeRetrying => ("✉", "yellow"),
                RunEventKind.NoticeUndelivered => ("✉", "red"),
                RunEventKind.RunFinished => ("●", runEvent.Message.StartsWith("run succeeded", StringComparison.Ordinal) ? "green" : "red"),
                _ => ("·", "grey"),
            };
            var clock = Clock(runEvent.At - _clockStart.Value);
            var budget = "";
            if (runEvent.PhaseId is { } phase && _phaseStarts.TryGetValue(phase, out var phaseStart) && budgetOf(phase) is { } b
                && runEvent.Kind is not RunEventKind.PhaseStarted and not RunEventKind.PhaseFinished)
            {
                budget = $" [grey]({DurationText.Format(runEvent.At - phaseStart)} of {DurationText.Format(b)})[/]";
            }

            var step = runEvent.StepId is null ? "" : $"[bold]{Markup.Escape(runEvent.StepId)}[/] ";
            var text = runEvent.Kind == RunEventKind.StepLog ? $"[grey]{Markup.Escape(runEvent.Message)}[/]" : Markup.Escape(runEvent.Message);
            console.MarkupLine($"[grey]{clock}[/] [{colour}]{symbol}[/] {step}{text}{budget}");
        }
    }

    private static string Clock(TimeSpan elapsed) =>
        $"{(int)elapsed.TotalHours:00}:{elapsed.Minutes:00}:{elapsed.Seconds:00}.{elapsed.Milliseconds / 100}";
}
