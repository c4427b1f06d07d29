using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Lifeline.Engine.Drills;
using Lifeline.Server.Hosting;

namespace Lifeline.Server.Runs;

/// <summary>
/// Starts whole drills through the host's <see cref="IDrillEnvironment"/> in the background for
/// <c>POST /api/drills/sandbox</c> and keeps their progress in memory. Only one runs at a time (the sandbox is one
/// machine's loopback estate). A host that registered no drill environment (<c>lifeline-server</c>) has no sandbox drills.
/// A drill stops when the server stops (its environment is still taken down).
/// </summary>
internal sealed class SandboxDrills(
    RunHost host, RunEventHub hub, TimeProvider time, ServerOptions options, IHostApplicationLifetime lifetime, ILogger<SandboxDrills> logger, IDrillEnvironment? environment = null)
{
    /// <summary>What a host without a drill environment answers.</summary>
    public const string Unavailable = "sandbox drills are not available on this server: it has no drill environment (lifeline-server never has one; start the server with lifeline serve to run sandbox drills)";

    private readonly ConcurrentDictionary<string, SandboxDrill> _drills = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public bool Available => environment is not null;

    public IReadOnlyList<SandboxDrill> List() => [.. _drills.Values.OrderByDescending(d => d.StartedAt)];

    public SandboxDrill? Find(string id) => _drills.GetValueOrDefault(id);

    /// <summary>The estate a sandbox drill runs on: the one named, or the first served with the environment's profile and a plan for its scenario.</summary>
    public (string? Name, string? Directory, string? Error) Estate(EstateCatalog estates, string? requested)
    {
        ArgumentNullException.ThrowIfNull(estates);
        if (environment is null)
        {
            return (requested, null, Unavailable);
        }

        var name = requested ?? estates.Names.FirstOrDefault(n =>
            estates.Load(n, environment.Profile, new Dictionary<string, string>()).Estate?.FindPlan(environment.Scenario) is not null);
        return name is not null && estates.DirectoryOf(name) is { } directory
            ? (name, directory, null)
            : (name, null, $"no estate{(name is null ? "" : $" '{name}'")} with a {environment.Profile} profile and a {environment.Scenario} plan is served here");
    }

    /// <summary>
    /// Starts a drill in the background. It outlives the request that started it and runs until it finishes or the
    /// server stops (<see cref="IHostApplicationLifetime.ApplicationStopping"/>), which cancels it.
    /// </summary>
    public (SandboxDrill? Drill, string? Error) Start(string estateName, string estateDirectory, string startedBy, TimeSpan criteriaWindow)
    {
        if (environment is null)
        {
            return (null, Unavailable);
        }

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

        var request = new DrillRequest(estateDirectory, Path.Combine(options.SandboxRoot, "lifeline-" + id), options.StatePath, criteriaWindow)
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
            var stopping = lifetime.ApplicationStopping;
            try
            {
                var outcome = await environment.RunAsync(request, progress, observer, stopping);
                Update(id, d => d with
                {
                    Status = outcome.Succeeded ? "finished" : "failed",
                    Error = outcome.Error,
                    IncidentId = outcome.IncidentId ?? d.IncidentId,
                });
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                Update(id, d => d with { Status = "failed", Error = "the drill was stopped (the server is stopping)" });
                throw;
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
