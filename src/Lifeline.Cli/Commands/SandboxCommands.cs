using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lifeline.Cli.Hosting;
using Lifeline.Cli.Rendering;
using Lifeline.Sandbox.Environment;
using Spectre.Console;

namespace Lifeline.Cli.Commands;

/// <summary><c>lifeline sandbox up|status|fault|down</c>: the local two-region estate on loopback.</summary>
internal static class SandboxCommands
{
    public static Option<string> DirectoryOption() => new("--dir")
    {
        Description = $"Sandbox directory (default: $LIFELINE_SANDBOX_DIR or {SandboxOptions.DefaultDirectory}).",
        DefaultValueFactory = _ => SandboxOptions.DirectoryFromEnvironment(),
    };

    public static Command Create(CliServices services)
    {
        var command = new Command("sandbox", "A real estate on loopback, built from the estate's sandbox section: PostgreSQL, PowerDNS, services, secrets.");
        command.Subcommands.Add(Up(services));
        command.Subcommands.Add(Status(services));
        command.Subcommands.Add(Fault(services));
        command.Subcommands.Add(HealSite(services));
        command.Subcommands.Add(Reprotect(services));
        command.Subcommands.Add(Down(services));
        return command;
    }

    private static Command Up(CliServices services)
    {
        var directory = DirectoryOption();
        var sync = new Option<bool>("--sync") { Description = "Synchronous replication: every primary waits for its replicas on commit." };
        var estate = new Option<string>("--estate", "-e") { Description = "Estate directory whose sandbox section is built.", DefaultValueFactory = _ => "examples/axis-imaging" };
        var command = new Command("up", "Start the sandbox the estate's sandbox section describes (safe to run twice).") { directory, sync, estate };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var progress = new Progress<string>(line => Console.Error.WriteLine($"sandbox: {line}"));
            var (topology, topologyError) = SandboxTopologyLoader.Load(parse.GetValue(estate)!, services.Providers);
            if (topology is null)
            {
                Terminal.Fail(topologyError!);
                return ExitCodes.BadInput;
            }

            var result = await new SandboxManager(services.Time).UpAsync(new SandboxOptions(parse.GetValue(directory)!, topology, parse.GetValue(sync)), progress, cancellationToken);
            if (!result.Succeeded)
            {
                Terminal.Fail(result.Error!);
                return ExitCodes.BadInput;
            }

            var env = result.Value!.Settings;
            Console.Out.WriteLine($"sandbox up in {result.Value!.Directory}; its settings are in {Path.Combine(result.Value.Directory, "sandbox.env")}");
            if (GlobalOptions.Json(parse))
            {
                Console.Out.WriteLine(new JsonObject(env.Public.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Status(CliServices services)
    {
        var directory = DirectoryOption();
        var command = new Command("status", "Every component: process, address, health.") { directory };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var result = await new SandboxManager(services.Time).StatusAsync(parse.GetValue(directory)!, cancellationToken);
            if (!result.Succeeded)
            {
                Terminal.Fail(result.Error!);
                return ExitCodes.BadInput;
            }

            var status = result.Value!;
            if (GlobalOptions.Json(parse))
            {
                var components = new JsonArray([.. status.Components.Select(c => (JsonNode)new JsonObject
                {
                    ["name"] = c.Name, ["site"] = c.Site, ["pid"] = c.Pid, ["endpoint"] = c.Endpoint, ["alive"] = c.Alive, ["healthy"] = c.Healthy, ["detail"] = c.Detail,
                })]);
                Console.Out.WriteLine(components.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                var table = new Table().AddColumns("Component", "Site", "PID", "Endpoint", "Health", "Detail");
                foreach (var c in status.Components)
                {
                    table.AddRow(c.Name, c.Site, c.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Endpoint, c.Healthy ? "[green]healthy[/]" : c.Alive ? "[yellow]unhealthy[/]" : "[red]down[/]", Markup.Escape(c.Detail));
                }

                Terminal.Out.Write(table);
            }

            return status.AllHealthy ? ExitCodes.Success : ExitCodes.RunFailed;
        });
        return command;
    }

    private static Command Fault(CliServices services)
    {
        var directory = DirectoryOption();
        var name = new Argument<string>("fault") { Description = $"One of: {string.Join(", ", SandboxManager.Faults)}." };
        name.AcceptOnlyFromAmong([.. SandboxManager.Faults]);
        var site = new Argument<string?>("target") { Description = "The site (kill-site, partition-site) or resource (kill, pause, resume, zombie: e.g. db-primary, pg-primary) the fault hits.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("fault", "Inject a fault by site or resource, e.g. kill-site primary: SIGKILL of everything in the site; kill db-primary; partition-site primary: drop its packets.") { name, site, directory };
        command.SetAction(async (parse, cancellationToken) =>
            Report(await new SandboxManager(services.Time).FaultAsync(parse.GetValue(directory)!, parse.GetValue(name)!, parse.GetValue(site), cancellationToken)));
        return command;
    }

    private static Command HealSite(CliServices services)
    {
        var directory = DirectoryOption();
        var site = new Argument<string>("site") { Description = "The partitioned site." };
        var command = new Command("heal-site", "End a partition-site fault: packets to and from the site flow again.") { site, directory };
        command.SetAction(async (parse, cancellationToken) =>
            Report(await new SandboxManager(services.Time).HealSiteAsync(parse.GetValue(directory)!, parse.GetValue(site), cancellationToken)));
        return command;
    }

    private static Command Reprotect(CliServices services)
    {
        var directory = DirectoryOption();
        var command = new Command("reprotect", "After a failover: rewind the old primary with pg_rewind and start it as a standby of the promoted one.") { directory };
        command.SetAction(async (parse, cancellationToken) =>
            Report(await new SandboxManager(services.Time).ReprotectAsync(
                parse.GetValue(directory)!, new Progress<string>(line => Console.Error.WriteLine($"sandbox: {line}")), cancellationToken)));
        return command;
    }

    private static Command Down(CliServices services)
    {
        var directory = DirectoryOption();
        var command = new Command("down", "Stop exactly what the sandbox started, free its ports and remove its directory.") { directory };
        command.SetAction(async (parse, cancellationToken) =>
            Report(await new SandboxManager(services.Time).DownAsync(parse.GetValue(directory)!, cancellationToken)));
        return command;
    }

    private static int Report(SandboxResult<string> result)
    {
        if (!result.Succeeded)
        {
            Terminal.Fail(result.Error!);
            return ExitCodes.BadInput;
        }

        Console.Out.WriteLine(result.Value);
        return ExitCodes.Success;
    }
}
