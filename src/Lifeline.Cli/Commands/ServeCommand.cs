using System.CommandLine;
using Lifeline.Cli.Hosting;
using Lifeline.Cli.Rendering;
using Lifeline.Core.Time;
using Lifeline.Sandbox.Hosting;
using Lifeline.Server.Hosting;
using Microsoft.Extensions.Hosting;

namespace Lifeline.Cli.Commands;

/// <summary><c>lifeline serve</c>: the REST API, dashboard and status page over the same state file the CLI uses.</summary>
internal static class ServeCommand
{
    public static Command Create(CliServices services)
    {
        var estates = new Option<string[]>("--estate", "-e") { Description = "Estate directory to serve; repeatable.", DefaultValueFactory = _ => [] };
        var url = new Option<string>("--url") { Description = "Where to listen (bind to loopback unless a TLS proxy is in front).", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var insecure = new Option<bool>("--insecure-cookies") { Description = "Do not mark cookies Secure (plain HTTP on a host browsers do not treat as secure)." };
        var monitor = new Option<bool>("--monitor") { Description = "Also run the monitor (detection, decisions, anti-flapping) for the served estates; the dashboard and GET /api/monitor show its health and replication lag." };
        var interval = new Option<string>("--monitor-interval") { Description = "Time between the monitor's probe rounds.", DefaultValueFactory = _ => "1s" };
        var profile = new Option<string?>("--monitor-profile") { Description = "Profile whose bindings the monitor probes (default: each estate's first)." };
        var drill = new Option<bool>("--monitor-drill") { Description = "Runs the monitor starts are drills (gates follow drill rules)." };
        var schedule = new Option<bool>("--schedule") { Description = "Also run the served estates' testing calendars: due drills in a fresh sandbox, graded; tasks tracked, owners reminded once when overdue (off by default)." };
        var readiness = new Option<string>("--readiness-interval") { Description = "Check every estate's readiness this often and notify changes (0 = only when asked).", DefaultValueFactory = _ => "5m" };
        var command = new Command("serve", "Serve the REST API (OpenAPI at /openapi/v1.json), the dashboard and the public status page.") { estates, url, insecure, monitor, interval, profile, drill, readiness, schedule };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!DurationText.TryParse(parse.GetValue(interval)!, out var every) || every <= TimeSpan.Zero)
            {
                Terminal.Fail($"--monitor-interval '{parse.GetValue(interval)}' is not a positive duration; expected {DurationText.Expected}");
                return ExitCodes.BadInput;
            }

            if (!DurationText.TryParse(parse.GetValue(readiness)!, out var readinessEvery) || readinessEvery < TimeSpan.Zero)
            {
                Terminal.Fail($"--readiness-interval '{parse.GetValue(readiness)}' is not a duration; expected {DurationText.Expected} (0 = only when asked)");
                return ExitCodes.BadInput;
            }

            var options = new ServerOptions
            {
                StatePath = GlobalOptions.StatePath(parse),
                Estates = parse.GetValue(estates)!,
                Urls = parse.GetValue(url)!,
                SecureCookies = !parse.GetValue(insecure),
                MonitorInterval = parse.GetValue(monitor) ? every : null,
                MonitorProfile = parse.GetValue(profile),
                ReadinessInterval = readinessEvery > TimeSpan.Zero ? readinessEvery : null,
                MonitorMode = parse.GetValue(drill) ? Core.Providers.RunMode.Drill : Core.Providers.RunMode.Live,
                ScheduleInterval = parse.GetValue(schedule) ? TimeSpan.FromMinutes(1) : null,
            };
            // This host, unlike lifeline-server, has the sandbox as its drill environment (docs/adr: hosts).
            await using var app = await ServerApp.CreateAsync(options, services.Time, host => host.AddSandboxDrills(), cancellationToken);
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException ex)
            {
                // Kestrel says "Failed to bind to address URL: address already in use." (or why else it cannot listen).
                Terminal.Fail($"cannot listen on {options.Urls}: {BindProblem(ex)}");
                return ExitCodes.BadInput;
            }

            using var stop = cancellationToken.Register(() => app.Lifetime.StopApplication());
            await app.WaitForShutdownAsync(CancellationToken.None);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string BindProblem(IOException ex) =>
        ex.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AccessDenied }
            ? "permission denied (ports below 1024 need privileges)"
            : ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase) || ex.InnerException?.GetType().Name == "AddressInUseException"
                ? "the address is already in use (another lifeline serve, or another program, is listening there)"
                : ex.InnerException?.Message ?? ex.Message;
}
