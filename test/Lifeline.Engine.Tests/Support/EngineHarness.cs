using Lifeline.Core.PlanFiles;
using Lifeline.Core.Providers;
using Lifeline.Engine.Checkpoints;
using Lifeline.Engine.Reports;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Scheduling;
using Lifeline.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Engine.Tests.Support;

/// <summary>
/// A real engine over a real SQLite store in a temporary directory, with the real built-in providers. Plans are YAML
/// text, loaded by the real loader, so the tests exercise what users write.
/// </summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    private const string Estate = """
        estate: test
        profiles: [test]
        sites:
          here: { role: primary }
        contacts:
          cto: { name: CTO, role: CTO }
          ops: { name: Ops, role: On-call }
          intern: { name: Intern, role: Intern }
        resources:
          nothing:
            kind: endpoint
            site: here
            bindings:
              test: { provider: noop }
        """;

    private EngineHarness(string directory, SqliteRunStore store, TimeProvider time, Dictionary<string, string> environment, IEnumerable<IProvider> extraProviders)
    {
        Directory = directory;
        Store = store;
        Time = time;
        Environment = environment;
        // The providers on the harness's clock too (a sleep.run step sleeps in fake time when the harness has a fake clock).
        var services = new ServiceCollection().AddSingleton(time).AddLifelineProviders();
        foreach (var extra in extraProviders)
        {
            services.AddSingleton(extra);
        }

        var providers = services.BuildServiceProvider().GetRequiredService<ProviderRegistry>();
        Runs = new RunService(providers, store, time, name => environment.GetValueOrDefault(name));
        Providers = providers;
    }

    public string Directory { get; }

    public SqliteRunStore Store { get; }

    public TimeProvider Time { get; }

    public Dictionary<string, string> Environment { get; }

    public RunService Runs { get; }

    public ProviderRegistry Providers { get; }

    public List<RunEvent> Events { get; } = [];

    public static Task<EngineHarness> CreateAsync(TimeProvider? time = null) => CreateAsync(time, []);

    /// <summary>A harness whose registry also has <paramref name="extraProviders"/> (test doubles of a capability).</summary>
    public static async Task<EngineHarness> CreateAsync(TimeProvider? time, IEnumerable<IProvider> extraProviders)
    {
        var directory = Path.Combine(Path.GetTempPath(), "lifeline-engine-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        var store = await SqliteRunStore.OpenAsync(Path.Combine(directory, "state.db"), CancellationToken.None);
        return new EngineHarness(directory, store, time ?? TimeProvider.System, [], extraProviders);
    }

    /// <summary>The test estate, plus <paramref name="extraResources"/> (YAML lines indented under <c>resources:</c>).</summary>
    public LoadedEstate Load(string plan, string? extraResources = null)
    {
        var estateDirectory = Path.Combine(Directory, "estate");
        System.IO.Directory.CreateDirectory(Path.Combine(estateDirectory, "plans"));
        File.WriteAllText(Path.Combine(estateDirectory, "estate.yaml"), Estate + (extraResources is null ? "" : "\n" + extraResources));
        File.WriteAllText(Path.Combine(estateDirectory, "plans", "plan.yaml"), plan);
        var (sources, readErrors) = EstateSources.Read(estateDirectory);
        Assert.True(sources is not null, string.Join("\n", readErrors));
        var (loaded, diagnostics) = EstateLoader.Load(sources!, new LoadOptions("test", new Dictionary<string, string>(), Providers));
        Assert.True(loaded is not null, string.Join("\n", diagnostics));
        return loaded!;
    }

    public async Task<RunReport> StartAsync(string plan, RunBehaviour? behaviour = null, RunMode mode = RunMode.Drill, string? extraResources = null)
    {
        var loaded = Load(plan, extraResources);
        var request = new StartRunRequest(loaded, loaded.Plans[0].Scenario, mode, "test", new Dictionary<string, string>(), behaviour ?? RunBehaviour.Default, "tester");
        var outcome = await Runs.StartAsync(request, new CollectingObserver(Events), CancellationToken.None);
        Assert.True(outcome.Report is not null, outcome.Error);
        return outcome.Report!;
    }

    /// <summary>Whether the run's events so far include one that <paramref name="match"/>es.</summary>
    public bool Saw(Func<RunEvent, bool> match)
    {
        lock (Events)
        {
            return Events.Any(match);
        }
    }

    public async Task<RunReport> ResumeAsync(string runId, RunBehaviour? behaviour = null)
    {
        var outcome = await Runs.ResumeAsync(runId, behaviour ?? RunBehaviour.Default, new CollectingObserver(Events), CancellationToken.None);
        Assert.True(outcome.Report is not null, outcome.Error);
        return outcome.Report!;
    }

    public string PathOf(string name) => Path.Combine(Directory, name);

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class CollectingObserver(List<RunEvent> events) : IRunObserver
    {
        public void OnEvent(RunEvent runEvent)
        {
            lock (events)
            {
                events.Add(runEvent);
            }
        }
    }
}
