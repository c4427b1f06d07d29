using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Server.Hosting;
using Lifeline.Server.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Benchmarks.ServerLoad;

/// <summary>
/// <c>lifeline serve</c> under load while a sandbox drill runs: a real server (the same <see cref="ServerApp"/>) on
/// loopback serving examples/axis-imaging; first <c>baselines</c> drills with no load, then <c>trials</c> drills with
/// <c>clients</c> clients (a quarter polling at <c>rps</c> requests/s in total, the rest holding SSE streams on the
/// drill's run). The drill is started as a responder (<c>POST /api/drills/sandbox</c>) and its gate approved through
/// the API by a second user. Usage: bench server-load [trials] [baselines] [clients] [rps].
/// </summary>
internal static class ServerLoadBenchmark
{
    private const string Password = "a benchmark password";

    public static async Task<int> RunAsync(string[] args)
    {
        var trials = Arg(args, 0, 3);
        var baselines = Arg(args, 1, 1);
        var clients = Arg(args, 2, 200);
        var rps = Arg(args, 3, 50);
        var pollers = clients / 4;
        var root = FindRoot();
        var work = Path.Combine(Path.GetTempPath(), $"lifeline-server-load-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        var options = new ServerOptions
        {
            StatePath = Path.Combine(work, "state.db"),
            Estates = [Path.Combine(root, "examples", "axis-imaging")],
            Urls = "http://127.0.0.1:0",
            SecureCookies = false,
            SandboxRoot = work,
        };
        await using var app = await ServerApp.CreateAsync(options, CancellationToken.None);
        await app.StartAsync();
        try
        {
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
            var users = app.Services.GetRequiredService<UserStore>();
            await users.AddUserAsync("responder", Password, Role.Responder, null, CancellationToken.None);
            await users.AddUserAsync("approver", Password, Role.Approver, "devops-manager", CancellationToken.None);
            await users.AddUserAsync("viewer", Password, Role.Viewer, null, CancellationToken.None);
            using var responder = Client(address, (await users.CreateTokenAsync("responder", "bench", CancellationToken.None)).Token!.Token, 4);
            using var approver = Client(address, (await users.CreateTokenAsync("approver", "bench", CancellationToken.None)).Token!.Token, 4);
            using var viewer = Client(address, (await users.CreateTokenAsync("viewer", "bench", CancellationToken.None)).Token!.Token, clients + 8);
            var needs = await NeedsAsync(viewer);
            Console.WriteLine($"server {address} ({Environment.ProcessorCount} CPUs); {needs.Count} steps; {pollers} pollers at {rps} req/s in total, {clients - pollers} SSE streams");

            var baselineLags = new List<StepLag>();
            for (var i = 1; i <= baselines; i++)
            {
                var (runId, seconds) = await DrillAsync(responder, approver, viewer, null);
                var lags = await LagsAsync(viewer, runId, needs);
                baselineLags.AddRange(lags);
                Console.WriteLine($"baseline {i}: run {runId} in {seconds:F1} s; step lag p50 {Percentile([.. lags.Select(l => l.LagMs)], 50):F1} ms, max {lags.Max(l => l.LagMs):F1} ms ({lags.MaxBy(l => l.LagMs)!.StepId})");
            }

            var loadedLags = new List<StepLag>();
            var samples = new List<LoadSample>();
            var delivery = new List<double>();
            for (var i = 1; i <= trials; i++)
            {
                var load = new LoadGenerator(viewer, pollers, clients - pollers, rps, TimeProvider.System);
                using var stop = new CancellationTokenSource();
                var loading = load.RunAsync(stop.Token);
                await Task.Delay(TimeSpan.FromSeconds(2));
                var (runId, seconds) = await DrillAsync(responder, approver, viewer, load);
                await stop.CancelAsync();
                await loading;
                var lags = await LagsAsync(viewer, runId, needs);
                loadedLags.AddRange(lags);
                samples.AddRange(load.Samples);
                delivery.AddRange(load.DeliveryMs);
                var latencies = load.Samples.Where(s => s.Ok).Select(s => s.LatencyMs).ToArray();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"loaded {i}: run {runId} in {seconds:F1} s; {load.Samples.Count} requests ({load.Samples.Count(s => !s.Ok)} failed), p50 {Percentile(latencies, 50):F1} p95 {Percentile(latencies, 95):F1} p99 {Percentile(latencies, 99):F1} max {latencies.Max():F1} ms; "
                    + $"streams {load.StreamsOpened} opened, {load.StreamsCompleted} to the end, {load.StreamErrors} broken; SSE delivery p50 {Percentile([.. load.DeliveryMs], 50):F1} p99 {Percentile([.. load.DeliveryMs], 99):F1} ms; "
                    + $"step lag p50 {Percentile([.. lags.Select(l => l.LagMs)], 50):F1} ms, max {lags.Max(l => l.LagMs):F1} ms ({lags.MaxBy(l => l.LagMs)!.StepId})"));
            }

            Summarise(baselineLags, loadedLags, samples, delivery);
            return 0;
        }
        finally
        {
            await app.StopAsync();
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static void Summarise(List<StepLag> baseline, List<StepLag> loaded, List<LoadSample> samples, List<double> delivery)
    {
        var ok = samples.Where(s => s.Ok).ToList();
        Console.WriteLine();
        Console.WriteLine("| figure | value | goal |");
        Console.WriteLine("|---|---|---|");
        foreach (var group in ok.GroupBy(s => s.Endpoint).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var l = group.Select(s => s.LatencyMs).ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| `{group.Key}` latency p50 / p95 / p99 (n = {l.Length}) | {Percentile(l, 50):F1} / {Percentile(l, 95):F1} / {Percentile(l, 99):F1} ms | p99 < 50 ms |"));
        }

        var all = ok.Select(s => s.LatencyMs).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| all polled requests p50 / p95 / p99 / max (n = {all.Length}, {samples.Count - ok.Count} failed) | {Percentile(all, 50):F1} / {Percentile(all, 95):F1} / {Percentile(all, 99):F1} / {all.Max():F1} ms | p99 < 50 ms |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| SSE delivery (event recorded → received) p50 / p99 / max | {Percentile([.. delivery], 50):F1} / {Percentile([.. delivery], 99):F1} / {(delivery.Count == 0 ? 0 : delivery.Max()):F1} ms | |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| step lag without load p50 / max | {Percentile([.. baseline.Select(l => l.LagMs)], 50):F1} / {(baseline.Count == 0 ? 0 : baseline.Max(l => l.LagMs)):F1} ms | |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| step lag under load p50 / max | {Percentile([.. loaded.Select(l => l.LagMs)], 50):F1} / {loaded.Max(l => l.LagMs):F1} ms | |"));
        var worst = loaded.GroupBy(l => l.StepId).Select(g => (Step: g.Key, Delay: g.Max(l => l.LagMs) - (baseline.Where(b => b.StepId == g.Key).Select(b => b.LagMs).DefaultIfEmpty(0).Min()))).MaxBy(x => x.Delay);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| worst step delay (lag under load − least lag without load) | {worst.Delay:F1} ms ({worst.Step}) | ≤ 100 ms |"));
    }

    /// <summary>Starts a sandbox drill, approves its gate as the second user, and waits for it to finish; returns its run and duration.</summary>
    private static async Task<(string RunId, double Seconds)> DrillAsync(HttpClient responder, HttpClient approver, HttpClient viewer, LoadGenerator? load)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await responder.PostAsJsonAsync("api/drills/sandbox", new { criteria_window = "2s" });
        var drill = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"drill did not start: {drill}");
        }

        var drillId = drill.GetProperty("id").GetString()!;
        try
        {
            return await FollowDrillAsync(drillId, started, approver, viewer, load);
        }
        catch (Exception)
        {
            await StopDrillAsync(drillId, responder, viewer);
            throw;
        }
    }

    /// <summary>After a failure: aborts the drill's run so the drill tears its sandbox down, and waits (bounded) for that.</summary>
    private static async Task StopDrillAsync(string drillId, HttpClient responder, HttpClient viewer)
    {
        for (var i = 0; i < 600; i++)
        {
            var state = await viewer.GetFromJsonAsync<JsonElement>($"api/drills/{drillId}");
            if (state.GetProperty("status").GetString() is "finished" or "failed")
            {
                break;
            }

            if (i % 20 == 0 && state.GetProperty("run_id").GetString() is { } runId)
            {
                using var _ = await responder.PostAsJsonAsync($"api/runs/{runId}/abort", new { reason = "load benchmark failed" });
            }

            await Task.Delay(100);
        }
    }

    private static async Task<(string RunId, double Seconds)> FollowDrillAsync(string drillId, long started, HttpClient approver, HttpClient viewer, LoadGenerator? load)
    {
        string? runId = null;
        var decided = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            await Task.Delay(100);
            var state = await viewer.GetFromJsonAsync<JsonElement>($"api/drills/{drillId}");
            var status = state.GetProperty("status").GetString();
            if (runId is null && state.GetProperty("run_id").GetString() is { } id)
            {
                runId = id;
                load?.Follow(id);
            }

            if (status is "finished" or "failed")
            {
                if (status == "failed" || runId is null)
                {
                    throw new InvalidOperationException($"drill {drillId} failed: {state.GetProperty("error")}; {string.Join(" | ", state.GetProperty("progress").EnumerateArray().TakeLast(5))}");
                }

                return (runId, Stopwatch.GetElapsedTime(started).TotalSeconds);
            }

            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromMinutes(4))
            {
                throw new TimeoutException($"drill {drillId} (run {runId}) did not finish within 4 minutes");
            }

            if (runId is not null)
            {
                // The gate and the manual task (open the AWS case) wait for people: a second user decides them.
                var report = await viewer.GetFromJsonAsync<JsonElement>($"api/runs/{runId}");
                foreach (var step in report.GetProperty("steps").EnumerateArray())
                {
                    var stepId = step.GetProperty("id").GetString()!;
                    if (step.GetProperty("kind").GetString() is "approval" or "manual" && step.GetProperty("status").GetString() is "running" or "waiting" && decided.Add(stepId))
                    {
                        using var decision = await approver.PostAsJsonAsync($"api/runs/{runId}/steps/{stepId}/approve", new { reason = "load benchmark" });
                        if (!decision.IsSuccessStatusCode)
                        {
                            throw new InvalidOperationException($"approval of {stepId} refused: {await decision.Content.ReadAsStringAsync()}");
                        }
                    }
                }
            }
        }
    }

    /// <summary>Each step's needs and phase, from the served plan's dry-run.</summary>
    private static async Task<Dictionary<string, (string Phase, string[] Needs)>> NeedsAsync(HttpClient viewer)
    {
        var estates = await viewer.GetFromJsonAsync<JsonElement>("api/estates");
        var estate = estates.EnumerateArray().First().GetProperty("name").GetString();
        using var response = await viewer.PostAsJsonAsync($"api/estates/{estate}/plans/region-failover/dry-run", new { profile = "sandbox" });
        var plan = await response.Content.ReadFromJsonAsync<JsonElement>();
        var needs = new Dictionary<string, (string, string[])>(StringComparer.Ordinal);
        foreach (var phase in plan.GetProperty("phases").EnumerateArray())
        {
            foreach (var step in phase.GetProperty("steps").EnumerateArray())
            {
                needs[step.GetProperty("id").GetString()!] = (phase.GetProperty("id").GetString()!, [.. step.GetProperty("needs").EnumerateArray().Select(n => n.GetString()!)]);
            }
        }

        return needs;
    }

    /// <summary>Scheduling lag of every step from the run's recorded events (first attempt; steps that never started are left out).</summary>
    private static async Task<List<StepLag>> LagsAsync(HttpClient viewer, string runId, Dictionary<string, (string Phase, string[] Needs)> needs)
    {
        var events = await viewer.GetFromJsonAsync<JsonElement>($"api/runs/{runId}/events");
        var phaseStarted = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var finished = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var started = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var e in events.EnumerateArray())
        {
            var at = e.GetProperty("at").GetDateTimeOffset();
            var step = e.GetProperty("step_id").GetString();
            switch (e.GetProperty("kind").GetString())
            {
                case "PhaseStarted":
                    phaseStarted.TryAdd(e.GetProperty("phase_id").GetString()!, at);
                    break;
                case "StepStarted" when step is not null:
                    started.TryAdd(step, at);
                    break;
                case "StepSucceeded" or "StepFailed" or "StepSkipped" when step is not null:
                    finished[step] = at;
                    break;
            }
        }

        var lags = new List<StepLag>();
        foreach (var (step, at) in started)
        {
            if (!needs.TryGetValue(step, out var plan) || !phaseStarted.TryGetValue(plan.Phase, out var ready))
            {
                continue;
            }

            foreach (var need in plan.Needs)
            {
                if (finished.TryGetValue(need, out var done) && done > ready)
                {
                    ready = done;
                }
            }

            lags.Add(new StepLag(step, (at - ready).TotalMilliseconds));
        }

        return lags;
    }

    private static HttpClient Client(Uri address, string token, int connections)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromMinutes(5),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static double Percentile(double[] values, double percentile)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        Array.Sort(values);
        var rank = (int)Math.Ceiling(percentile / 100 * values.Length);
        return values[Math.Clamp(rank - 1, 0, values.Length - 1)];
    }

    private static int Arg(string[] args, int index, int fallback) =>
        args.Length > index && int.TryParse(args[index], CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Lifeline.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root above " + AppContext.BaseDirectory);
    }
}
