using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Lifeline.Cli.Commands;
using Lifeline.Cli.Hosting;
using Lifeline.Cli.Remote;
using Lifeline.Cli.Rendering;

namespace Lifeline.Cli;

/// <summary>Builds the command tree and runs it; bad usage exits 2, and no stack trace ever reaches a user.</summary>
internal static class LifelineCli
{
    public static RootCommand Build(CliServices services)
    {
        var root = new RootCommand("Lifeline: disaster-recovery runbooks that run.")
        {
            ValidateCommand.Create(services),
            SchemaCommand.Create(services),
            ProvidersCommand.Create(services),
            PlanCommand.Create(services),
            RunCommand.Create(services),
            RunsCommand.Create(services),
            DemoCommand.Create(services),
            SandboxCommands.Create(services),
            IncidentCommand.Create(services),
            AuditCommand.Create(services),
            MonitorCommand.Create(services),
            AgentCommand.Create(services),
            AgentsCommand.Create(services),
            ServeCommand.Create(services),
            UsersCommand.Create(services),
            Commands.Readiness.ReadinessCommand.Create(services),
            Commands.Schedule.ScheduleCommand.Create(services),
            Commands.Evidence.EvidenceCommand.Create(services),
        };
        root.Options.Add(GlobalOptions.State);
        root.Options.Add(GlobalOptions.Output);
        root.Options.Add(GlobalOptions.Server);
        root.Options.Add(GlobalOptions.Token);
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        // The composition root: one container per process, on the system clock.
        await using var container = CliComposition.Build(TimeProvider.System);
        var parse = Build(container.GetRequiredService<CliServices>()).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                Terminal.Fail(error.Message);
            }

            Console.Error.WriteLine("Run 'lifeline --help' for usage.");
            return ExitCodes.BadInput;
        }

        if (RemoteCommands.Refusal(parse) is { } refusal)
        {
            Terminal.Fail(refusal);
            return ExitCodes.BadInput;
        }

        try
        {
            // System.CommandLine's own handler prints the whole stack trace; ours prints one line.
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (Environment.GetEnvironmentVariable("LIFELINE_DEBUG") != "1")
        {
            var (message, exitCode) = CliErrors.Describe(ex, parse);
            Terminal.Fail(message);
            return exitCode;
        }
    }
}
