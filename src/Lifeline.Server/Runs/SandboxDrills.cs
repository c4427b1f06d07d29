using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Lifeline.Core.Providers;
using Lifeline.Sandbox.Demo;
using Lifeline.Server.Hosting;

namespace Lifeline.Server.Runs;

/// <summary>
/// Starts <see cref="DemoDrill"/> in the background for <c>POST /api/drills/sandbox</c> and keeps its progress in
/// memory. Only one sandbox drill runs at a time (the sandbox is one machine's loopback estate).
/// </summary>
internal sealed class SandboxDrills(RunHost host, RunEventHub hub, ProviderRegistry providers, TimeProvider time, ServerOptions options, ILogger<SandboxDrills> logger)
{
    private readonly ConcurrentDictionary<string, SandboxDrill> _drills = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public IReadOnlyList<SandboxDrill> List() => [.. _drills.Values.OrderByDescending(d => d.StartedAt)];

    public SandboxDrill? Find(string id) => _drills.GetValueOrDefault(id);

    public (SandboxDrill? Drill, string? Error) Start(string estateName, string estateDirectory, string startedBy, TimeSpan criteriaWindow)
    {
        var now = time.GetUtcNow();
        var id = string.Create(CultureInfo.InvariantCulture, $"drill-{now:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}");
        var drill = new SandboxDrill(id, estateName, startedBy, now, "starting", null, null, [], null);
        lock (_gate)
        {
            if (_drills.Values.FirstOrDefault(d => d.Status is "starting" or "running") is { } busy)
            {
                return (null, $"sandbox drill {busy.Id} is still running; one sandbox drill at a time");
            }

            _drills[id] = drill;
        }

        var demo = new DemoOptions(estateDirectory, Path.Combine(options.SandboxRoot, "lifeline-" + id), options.StatePath, false, false, criteriaWindow, 20)
        {
            StartedBy = startedBy,
            AutoApprove = false,
        };
        var progress = new SynchronousProgress(line =>
        {
            Log.DrillProgress(logger, id, line);
            Update(id, d => d with { Status = "running", Progress = [.. d.Progress, line] });
        });
        var observer = hub.Observer(e => Update(id, d => d.RunId is null ? d with { RunId = e.RunId } : d));
        host.Track(async () =>
        {
            try
            {
                var (report, error) = await new DemoDrill(providers, time).RunAsync(demo, progress, observer, CancellationToken.None);
                Update(id, d => d with
                {
                    Status = report is null ? "failed" : "finished",
                    Error = error,
                    IncidentId = report?.IncidentId ?? d.IncidentId,
                });
            }
            catch (Exception ex)
            {
                Update(id, d => d with { Status = "failed", Error = ex.Message });
                throw;
            }
        });
        return (drill, null);
    }

    private void Update(string id, Func<SandboxDrill, SandboxDrill> change)
    {
        lock (_gate)
        {
            if (_drills.TryGetValue(id, out var drill))
            {
                _drills[id] = change(drill);
            }
        }
    }

    private sealed class SynchronousProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
