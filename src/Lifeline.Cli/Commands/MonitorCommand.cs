using System.CommandLine;
using System.Net;
using System.Text.Json;
using Lifeline.Cli.Hosting;
using Lifeline.Cli.Rendering;
using Lifeline.Core.Plans;
using Lifeline.Core.Providers;
using Lifeline.Core.Time;
using Lifeline.Engine.Incidents.Escalation;
using Lifeline.Engine.Monitoring;
using Lifeline.Engine.Monitoring.Remote;

namespace Lifeline.Cli.Commands;

/// <summary>
/// <c>lifeline monitor</c>: detection and automatic failover in the foreground, plus <c>status</c> (stored health and
/// anti-flapping blocks) and <c>unblock</c> (an operator lifting a block, audited).
/// </summary>
internal static class MonitorCommand
{
    public static Command Create(CliServices services)
    {
        var estate = EstateInput.EstateOption();
        var profile = EstateInput.ProfileOption("Profile whose bindings are probed (default: the estate's first).");
        var inputs = EstateInput.InputsOption();
        var interval = new Option<string>("--interval") { Description = "Time between probe rounds.", DefaultValueFactory = _ => "1s" };
        var timeout = new Option<string?>("--probe-timeout") { Description = "A probe slower than this fails (default 80% of the interval)." };
        var vantage = new Option<string>("--vantage") { Description = "This vantage point's name.", DefaultValueFactory = _ => "control" };
        var listen = new Option<string?>("--listen") { Description = "Accept agents' observations on HOST:PORT (loopback unless you put a proxy in front); agents need a credential (lifeline agents add)." };
        var insecureAgents = new Option<bool>("--insecure-agents") { Description = "With --listen, accept reports from anyone, under any vantage name (tests and demos on loopback only)." };
        var decision = new Option<string?>("--decision") { Description = "Override every trigger's decision policy: auto, approve or notify." };
        decision.AcceptOnlyFromAmong("auto", "approve", "notify");
        var drill = new Option<bool>("--drill") { Description = "Runs the monitor starts are drills (gates follow drill rules)." };
        var duration = new Option<string?>("--for") { Description = "Stop after this long (default: until Ctrl-C)." };
        var sandbox = DrillSandbox.ProbeOption();
        var command = new Command("monitor", "Probe the estate from one or more vantage points, detect outages by the plans' triggers, and fail over by their decision policy.")
        {
            estate, profile, inputs, interval, timeout, vantage, listen, insecureAgents, decision, drill, duration, sandbox, StatusCommand(services), UnblockCommand(services),
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var json = GlobalOptions.Json(parse);
            if (!Durations(parse.GetValue(interval)!, parse.GetValue(timeout), parse.GetValue(duration), out var every, out var probeTimeout, out var stopAfter, out var problem))
            {
                Terminal.Fail(problem!);
                return ExitCodes.BadInput;
            }

            IPEndPoint? endpoint = null;
            if (parse.GetValue(listen) is { } address)
            {
                if (!HostPort.TryParse(address, out var host, out var port) || !IPAddress.TryParse(host, out var ip))
                {
                    Terminal.Fail($"--listen '{address}' is not an address; expected IP:PORT, e.g. 127.0.0.1:7480");
                    return ExitCodes.BadInput;
                }

                endpoint = new IPEndPoint(ip, port);
            }
            else if (parse.GetValue(insecureAgents))
            {
                Terminal.Fail("--insecure-agents applies only with --listen");
                return ExitCodes.BadInput;
            }

            AgentCredentialStore? credentials = null;
            if (endpoint is not null)
            {
                if (parse.GetValue(insecureAgents))
                {
                    Terminal.Fail($"warning: --insecure-agents: anyone who can reach {endpoint} can report observations under any vantage name, and so trigger a failover");
                }
                else
                {
                    credentials = await AgentCredentialStore.OpenAsync(GlobalOptions.StatePath(parse), services.Time, cancellationToken);
                    if ((await credentials.ListAsync(cancellationToken)).Count == 0)
                    {
                        Terminal.Fail("--listen needs at least one agent credential: issue one with 'lifeline agents add NAME' (or pass --insecure-agents on a trusted loopback)");
                        return ExitCodes.BadInput;
                    }
                }
            }

            var (loaded, exit) = EstateInput.Load(services, parse.GetValue(estate)!, parse.GetValue(profile), parse.GetValue(inputs)!, json);
            if (loaded is null)
            {
                return exit;
            }

            if (await DrillSandbox.NamedAsync(services, parse.GetValue(sandbox), cancellationToken) is not { } environment)
            {
                return ExitCodes.BadInput;
            }

            var chosen = parse.GetValue(profile) ?? loaded.Estate.Profiles[0];
            var options = new MonitorOptions(loaded, chosen, parse.GetValue(drill) ? RunMode.Drill : RunMode.Live, GlobalOptions.StatePath(parse))
            {
                Vantage = parse.GetValue(vantage)!,
                Interval = every,
                ProbeTimeout = probeTimeout,
                RunInputs = EstateInput.ParseInputs(parse.GetValue(inputs)!),
                Escalation = ChannelNotifier.DefaultChannel(loaded.Estate, chosen) is { } channel
                    ? new ChannelNotifier(loaded.Estate, chosen, channel, services.Providers, environment)
                    : new LogFileNotifier(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(GlobalOptions.StatePath(parse)))!, "pages.log"), services.Time),
                DecisionOverride = parse.GetValue(decision) switch
                {
                    "auto" => DecisionPolicy.Auto,
                    "approve" => DecisionPolicy.Approve,
                    "notify" => DecisionPolicy.Notify,
                    _ => null,
                },
            };
            var (monitor, errors) = await MonitorService.CreateAsync(options, services.Providers, environment, services.Time, new ConsoleObserver(json), cancellationToken);
            if (monitor is null)
            {
                foreach (var error in errors)
                {
                    Terminal.Fail(error);
                }

                return ExitCodes.BadInput;
            }

            await using (monitor)
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                if (stopAfter is { } span)
                {
                    stop.CancelAfter(span);
                }

                using var receiver = endpoint is null ? null : new ObservationReceiver(monitor, endpoint, credentials, services.Time);
                try
                {
                    receiver?.Start();
                }
                catch (HttpListenerException ex)
                {
                    Terminal.Fail($"cannot listen on {endpoint}: {ex.Message}");
                    return ExitCodes.BadInput;
                }

                var receiving = receiver?.RunAsync(stop.Token) ?? Task.CompletedTask;
                await monitor.RunAsync(stop.Token);
                await receiving;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command StatusCommand(CliServices services)
    {
        var estate = EstateInput.EstateOption();
        var command = new Command("status", "Show the stored health of every monitored resource and the anti-flapping blocks.") { estate };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (loaded, exit) = EstateInput.Load(services, parse.GetValue(estate)!, null, [], GlobalOptions.Json(parse));
            if (loaded is null)
            {
                return exit;
            }

            var store = await SqliteMonitorStore.OpenAsync(GlobalOptions.StatePath(parse), cancellationToken);
            var health = await store.HealthAsync(cancellationToken);
            var now = services.Time.GetUtcNow();
            var blocks = (await store.FailoversAsync(loaded.Estate.Name, cancellationToken)).Where(f => f.Blocks(now)).ToList();
            var stalls = await store.StallsAsync(loaded.Estate.Name, 10, cancellationToken);
            if (GlobalOptions.Json(parse))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new MonitorStatus(health, blocks, stalls), MonitorJson.Default.MonitorStatus));
                return ExitCodes.Success;
            }

            foreach (var h in health)
            {
                Console.Out.WriteLine($"{(h.Healthy ? "✓" : "✗")} {h.Resource,-20} from {h.Vantage,-10} since {h.Since:u}  {h.Detail}");
            }

            foreach (var b in blocks)
            {
                Console.Out.WriteLine($"BLOCKED {b.Scenario}: automatic failover blocked until {b.BlockedUntil:u} after run {b.RunId}; lift with: lifeline monitor unblock {b.Scenario} --estate {parse.GetValue(estate)} --reason TEXT");
            }

            foreach (var stall in stalls.Reverse())
            {
                Console.Out.WriteLine($"STALLED {stall.At:u}  {stall.Message}");
            }

            if (health.Count == 0)
            {
                Console.Out.WriteLine("no observations stored yet; start lifeline monitor");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command UnblockCommand(CliServices services)
    {
        var estate = EstateInput.EstateOption();
        var scenario = new Argument<string>("scenario") { Description = "The scenario whose automatic failovers are blocked." };
        var reason = new Option<string>("--reason") { Description = "Why automatic failover may resume (audited).", Required = true };
        var by = new Option<string?>("--as") { Description = "Who lifts the block (default: the OS user)." };
        var command = new Command("unblock", "Acknowledge an anti-flapping block so the monitor may fail the scenario over automatically again.") { scenario, estate, reason, by };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (loaded, exit) = EstateInput.Load(services, parse.GetValue(estate)!, null, [], GlobalOptions.Json(parse));
            if (loaded is null)
            {
                return exit;
            }

            var who = Operator.Name(parse.GetValue(by));
            var store = await SqliteMonitorStore.OpenAsync(GlobalOptions.StatePath(parse), cancellationToken);
            var lifted = await store.AcknowledgeBlocksAsync(loaded.Estate.Name, parse.GetValue(scenario)!, who, parse.GetValue(reason)!, services.Time.GetUtcNow(), cancellationToken);
            if (lifted == 0)
            {
                Terminal.Fail($"scenario '{parse.GetValue(scenario)}' of {loaded.Estate.Name} has no active anti-flapping block");
                return ExitCodes.BadInput;
            }

            var (_, state) = await services.OpenAsync(GlobalOptions.StatePath(parse), cancellationToken);
            await using (state)
            {
                await state.Audit.AppendAsync(
                    Engine.Audit.AuditEntry.Create(who, "monitor.unblock", $"{parse.GetValue(scenario)}: anti-flapping block lifted: {parse.GetValue(reason)}", new Engine.Secrets.Redactor()),
                    cancellationToken);
            }

            Console.Out.WriteLine($"automatic failover of {parse.GetValue(scenario)} unblocked by {who}");
            return ExitCodes.Success;
        });
        return command;
    }

    internal static bool Durations(string interval, string? timeout, string? duration, out TimeSpan every, out TimeSpan? probeTimeout, out TimeSpan? stopAfter, out string? problem)
    {
        probeTimeout = null;
        stopAfter = null;
        problem = null;
        if (!DurationText.TryParse(interval, out every) || every <= TimeSpan.Zero)
        {
            problem = $"--interval '{interval}' is not a positive duration; expected {DurationText.Expected}";
            return false;
        }

        if (timeout is not null)
        {
            if (!DurationText.TryParse(timeout, out var t) || t <= TimeSpan.Zero)
            {
                problem = $"--probe-timeout '{timeout}' is not a positive duration; expected {DurationText.Expected}";
                return false;
            }

            probeTimeout = t;
        }

        if (duration is not null)
        {
            if (!DurationText.TryParse(duration, out var d) || d <= TimeSpan.Zero)
            {
                problem = $"--for '{duration}' is not a positive duration; expected {DurationText.Expected}";
                return false;
            }

            stopAfter = d;
        }

        return true;
    }

    private sealed class ConsoleObserver(bool json) : IMonitorObserver
    {
        public void OnEvent(MonitorEvent monitorEvent)
        {
            if (json)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(monitorEvent, MonitorJson.Default.MonitorEvent));
                return;
            }

            Console.Out.WriteLine($"{monitorEvent.At:HH:mm:ss.fff} {monitorEvent.Kind,-16} {monitorEvent.Message}");
        }
    }
}
