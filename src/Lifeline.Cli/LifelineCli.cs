using System.CommandLine;
using Lifeline.Cli.Commands;
using Lifeline.Cli.Hosting;
using Lifeline.Cli.Remote;
using Lifeline.Cli.Rendering;

namespace Lifeline.Cli;

/// <summary>Builds the command tree and runs it; bad usage exits 2, and no stack trace ever reaches a user.</summary>
internal static class LifelineCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Lifeline: disaster-recovery runbooks that run.")
        {
            ValidateCommand.Create(),
            SchemaCommand.Create(),
            ProvidersCommand.Create(),
            PlanCommand.Create(),
            RunCommand.Create(),
            RunsCommand.Create(),
            DemoCommand.Create(),
            SandboxCommands.Create(),
            IncidentCommand.Create(),
            AuditCommand.Create(),
            MonitorCommand.Create(),
            AgentCommand.Create(),
            AgentsCommand.Create(),
            ServeCommand.Create(),
            UsersCommand.Create(),
            Commands.Readiness.ReadinessCommand.Create(),
            Commands.Schedule.ScheduleCommand.Create(),
        };
        root.Options.Add(GlobalOptions.State);
        root.Options.Add(GlobalOptions.Output);
        root.Options.Add(GlobalOptions.Server);
        root.Options.Add(GlobalOptions.Token);
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var parse = Build().Parse(args);
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
