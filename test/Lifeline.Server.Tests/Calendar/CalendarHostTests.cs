using System.Collections.Concurrent;
using Lifeline.Engine.Drills;
using Lifeline.Engine.Runs;
using Lifeline.Server.Calendar;
using Lifeline.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Lifeline.Server.Tests.Calendar;

/// <summary>
/// <c>serve --schedule</c>: the server runs the calendar on its clock (fake here) and starts a due sandbox drill through
/// the host's drill environment, never a production game day; without the flag it starts nothing.
/// </summary>
public sealed class CalendarHostTests
{
    private const string Estate = """
        estate: clinic
        profiles: [test]
        sites:
          here: { role: primary }
        contacts:
          ops: { name: Ops, role: On-call, email: ops@clinic.example }
        resources:
          portal:
            kind: dns-record
            site: here
            description: portal.clinic.example
            bindings:
              test: { provider: noop }
        calendar:
          monthly-drill: { cadence: "0 2 1 * *", owner: ops, drill: failover }
          quarterly-game-day: { cadence: "0 2 1 * *", owner: ops, drill: failover, mode: game-day }
        """;

    private const string Plan = """
        scenario: failover
        severity: P1
        phases:
          - id: recover
            name: Recover
            budget: 1h
            steps:
              - { id: switch, action: noop.run }
        """;

    [Fact]
    public async Task Schedule_DrillFallsDue_StartsOneSandboxDrillThroughTheDrillEnvironmentAndNoGameDay()
    {
        // Given a server with --schedule, on a clock an hour before the drill falls due, with a recording drill environment
        var (server, environment, time, work) = await StartAsync(TimeSpan.FromMinutes(1));
        try
        {
            // When the clock passes the due time
            for (var i = 0; i < 400 && environment.Requests.IsEmpty; i++)
            {
                time.Advance(TimeSpan.FromMinutes(5));
                await Task.Delay(25);
            }

            // (the tick that started it goes on to the game day, which waits for its approval)
            var scheduler = server.Services.GetRequiredService<CalendarHost>().Scheduler!;
            var loaded = server.Services.GetRequiredService<EstateCatalog>().Load("clinic", null, new Dictionary<string, string>()).Estate!;
            for (var i = 0; i < 400 && scheduler.Entries(loaded).Single(e => e.Item == "quarterly-game-day").AwaitingApprovalSince is null; i++)
            {
                await Task.Delay(25);
            }

            Assert.NotNull(scheduler.Entries(loaded).Single(e => e.Item == "quarterly-game-day").AwaitingApprovalSince);

            // Then one drill ran in a fresh directory under the sandbox root, recorded in the server's state file, gates
            // granted; the game day (production) was not started
            var request = Assert.Single(environment.Requests);
            Assert.StartsWith(Path.Combine(work, "lifeline-calendar-"), request.Directory, StringComparison.Ordinal);
            Assert.Equal(Path.Combine(work, "state.db"), request.StatePath);
            Assert.True(request.AutoApprove);
            Assert.Contains("monthly-drill", request.StartedBy, StringComparison.Ordinal);
        }
        finally
        {
            await StopAsync(server, work);
        }
    }

    [Fact]
    public async Task NoSchedule_DrillFallsDue_StartsNothing()
    {
        // Given a server without --schedule
        var (server, environment, time, work) = await StartAsync(null);
        try
        {
            // When the clock passes the due time
            for (var i = 0; i < 40; i++)
            {
                time.Advance(TimeSpan.FromMinutes(30));
                await Task.Delay(10);
            }

            // Then no drill started
            Assert.Empty(environment.Requests);
        }
        finally
        {
            await StopAsync(server, work);
        }
    }

    private static async Task<(Microsoft.AspNetCore.Builder.WebApplication Server, RecordingDrillEnvironment Environment, FakeTimeProvider Time, string Work)> StartAsync(TimeSpan? schedule)
    {
        var work = Path.Combine(Path.GetTempPath(), "lifeline-calendar-host-" + Guid.NewGuid().ToString("N")[..8]);
        var estate = Path.Combine(work, "estate");
        Directory.CreateDirectory(Path.Combine(estate, "plans"));
        await File.WriteAllTextAsync(Path.Combine(estate, "estate.yaml"), Estate);
        await File.WriteAllTextAsync(Path.Combine(estate, "plans", "failover.yaml"), Plan);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero));
        var environment = new RecordingDrillEnvironment();
        var options = new ServerOptions { StatePath = Path.Combine(work, "state.db"), Estates = [estate], Urls = "http://127.0.0.1:0", SandboxRoot = work, ScheduleInterval = schedule };
        var server = await ServerApp.CreateAsync(options, time, services => services.AddSingleton<IDrillEnvironment>(environment), CancellationToken.None);
        await server.StartAsync();
        return (server, environment, time, work);
    }

    private static async Task StopAsync(Microsoft.AspNetCore.Builder.WebApplication server, string work)
    {
        await server.StopAsync();
        await server.DisposeAsync();
        try
        {
            Directory.Delete(work, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// A stand-in for the sandbox behind the drill seam (bringing up PostgreSQL and PowerDNS would test the sandbox, not
    /// the server's calendar): it records each drill it is asked for and says it could not run it.
    /// </summary>
    private sealed class RecordingDrillEnvironment : IDrillEnvironment
    {
        public ConcurrentQueue<DrillRequest> Requests { get; } = new();

        public string Profile => "test";

        public string Scenario => "failover";

        public string DefaultDirectory => Path.GetTempPath();

        public Task<DrillSettings> SettingsAsync(string directory, CancellationToken cancellationToken) =>
            Task.FromResult(DrillSettings.Ok(new Dictionary<string, string>()));

        public Task<DrillOutcome> RunAsync(DrillRequest request, IProgress<string> progress, IRunObserver observer, CancellationToken cancellationToken)
        {
            Requests.Enqueue(request);
            return Task.FromResult(new DrillOutcome(null, "recorded, not run"));
        }
    }
}
