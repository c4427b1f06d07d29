using System.CommandLine;
using Lifeline.Cli.Hosting;
using Lifeline.Cli.Rendering;
using Lifeline.Engine.Monitoring;
using Lifeline.Engine.Monitoring.Remote;
using Lifeline.Engine.Secrets;

namespace Lifeline.Cli.Commands;

/// <summary><c>lifeline agent</c>: probes the estate from another vantage point and reports to <c>lifeline monitor --listen</c>.</summary>
internal static class AgentCommand
{
    public static Command Create(CliServices services)
    {
        var estate = EstateInput.EstateOption();
        var profile = EstateInput.ProfileOption("Profile whose bindings are probed (default: the estate's first).");
        var vantage = new Option<string>("--vantage") { Description = "This vantage point's name, e.g. the site or network it probes from.", Required = true };
        var report = new Option<string>("--report") { Description = "The control plane's agent URL, e.g. http://127.0.0.1:7480/; the agent's credential is --token or LIFELINE_AGENT_TOKEN (lifeline agents add).", Required = true };
        var interval = new Option<string>("--interval") { Description = "Time between probe rounds.", DefaultValueFactory = _ => "1s" };
        var timeout = new Option<string?>("--probe-timeout") { Description = "A probe slower than this fails (default 80% of the interval)." };
        var duration = new Option<string?>("--for") { Description = "Stop after this long (default: until Ctrl-C)." };
        var lease = new Option<string?>("--lease") { Description = "Hold the primary-role lease of this database (at its site): fence it when isolated from the control plane and every standby." };
        var leaseTtl = new Option<string>("--lease-ttl") { Description = "The lease's length; the agent fences after half of it without the control plane or a standby.", DefaultValueFactory = _ => "3s" };
        var fenceMethod = new Option<string>("--fence-method") { Description = "How the agent fences its primary (database.fence method).", DefaultValueFactory = _ => "stop" };
        var local = new Option<string[]>("--local") { Description = "A setting of the leased database as reached from this site, e.g. host=/var/run/postgresql or data-dir=/var/lib/postgresql/15/main (repeatable).", AllowMultipleArgumentsPerToken = false };
        var bind = new Option<string?>("--bind") { Description = "Local address reports leave from (an address inside this site)." };
        var sandbox = DrillSandbox.ProbeOption();
        var command = new Command("agent", "Probe the estate from this vantage point and report every round to the control plane.")
        {
            estate, profile, vantage, report, interval, timeout, duration, lease, leaseTtl, fenceMethod, local, bind, sandbox,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!MonitorCommand.Durations(parse.GetValue(interval)!, parse.GetValue(timeout), parse.GetValue(duration), out var every, out var probeTimeout, out var stopAfter, out var problem))
            {
                Terminal.Fail(problem!);
                return ExitCodes.BadInput;
            }

            if (!Uri.TryCreate(parse.GetValue(report), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                Terminal.Fail($"--report '{parse.GetValue(report)}' is not an http(s) URL; expected e.g. http://127.0.0.1:7480/");
                return ExitCodes.BadInput;
            }

            var (loaded, exit) = EstateInput.Load(services, parse.GetValue(estate)!, parse.GetValue(profile), [], GlobalOptions.Json(parse));
            if (loaded is null)
            {
                return exit;
            }

            if (await DrillSandbox.NamedAsync(services, parse.GetValue(sandbox), cancellationToken) is not { } environment)
            {
                return ExitCodes.BadInput;
            }

            var chosen = parse.GetValue(profile) ?? loaded.Estate.Profiles[0];
            var (calls, errors) = ProbeCatalog.Build(loaded.Estate, chosen, environment, new Redactor());
            if (errors.Count > 0 || calls.Count == 0)
            {
                foreach (var error in errors.DefaultIfEmpty($"estate '{loaded.Estate.Name}' has no resources with a monitor: block; nothing to probe"))
                {
                    Terminal.Fail(error);
                }

                return ExitCodes.BadInput;
            }

            var prober = new Prober(services.Providers, calls, parse.GetValue(vantage)!, probeTimeout ?? every * 0.8, services.Time);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (stopAfter is { } span)
            {
                stop.CancelAfter(span);
            }

            var progress = new Progress<string>(line => Console.Error.WriteLine($"agent: {line}"));
            var agentUrl = url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
            var (selfFencing, leaseProblem) = AgentLease.Build(services, calls, parse.GetValue(lease), parse.GetValue(leaseTtl)!, parse.GetValue(fenceMethod)!, parse.GetValue(local) ?? [], progress);
            System.Net.IPAddress? source = null;
            if (leaseProblem is null && parse.GetValue(bind) is { } address && !System.Net.IPAddress.TryParse(address, out source))
            {
                leaseProblem = $"--bind '{address}' is not an IP address; expected e.g. 127.0.1.2";
            }

            if (leaseProblem is not null)
            {
                Terminal.Fail(leaseProblem);
                return ExitCodes.BadInput;
            }

            var agent = new MonitorAgent(prober, agentUrl, AgentToken(parse), every, services.Time, progress)
            {
                Lease = selfFencing,
                Source = source,
            };
            await agent.RunAsync(stop.Token);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The credential from <c>lifeline agents add</c>: <c>--token</c>, else <c>LIFELINE_AGENT_TOKEN</c> (never the API token variable).</summary>
    private static string? AgentToken(ParseResult parse) =>
        parse.GetValue(GlobalOptions.Token) ?? (Environment.GetEnvironmentVariable("LIFELINE_AGENT_TOKEN") is { Length: > 0 } token ? token : null);
}
