using System.CommandLine;
using System.Text.Json;
using Lifeline.Cli.Hosting;
using Lifeline.Engine.Readiness;

namespace Lifeline.Cli.Commands.Readiness;

/// <summary>
/// <c>lifeline readiness</c>: the pre-disaster checklist, checked now against the estate's bindings. Exits 0 when ready
/// (nothing failed; not-checked items are gaps, listed with their reason), 1 when an item failed.
/// </summary>
internal static class ReadinessCommand
{
    public static Command Create(CliServices services)
    {
        var estate = EstateInput.EstateOption();
        var profile = EstateInput.ProfileOption("Profile whose bindings are checked (default: the estate's first).");
        var inputs = EstateInput.InputsOption();
        var sandbox = DrillSandbox.ProbeOption();
        var minDays = new Option<int>("--certificate-min-days") { Description = "A DR certificate with fewer days left fails.", DefaultValueFactory = _ => ReadinessOptions.Default.CertificateMinDays };
        var command = new Command("readiness", "Check now whether DR would work: DR infrastructure, replication, backups, DNS failover, certificates, credentials, contacts.")
        {
            estate, profile, inputs, minDays, sandbox,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var json = GlobalOptions.Json(parse);
            var (loaded, exit) = EstateInput.Load(services, parse.GetValue(estate)!, parse.GetValue(profile), parse.GetValue(inputs)!, json);
            if (loaded is null)
            {
                return exit;
            }

            var environment = await DrillSandbox.NamedAsync(services, parse.GetValue(sandbox), cancellationToken);
            if (environment is null)
            {
                return ExitCodes.BadInput;
            }

            var chosen = parse.GetValue(profile) ?? loaded.Estate.Profiles[0];
            var options = ReadinessOptions.Default with { CertificateMinDays = parse.GetValue(minDays) };
            var report = await new ReadinessChecker(services.Providers, services.Time).CheckAsync(loaded, chosen, environment, options, cancellationToken);
            if (json)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(report, ReadinessJson.Default.ReadinessReport));
            }
            else
            {
                ReadinessRenderer.Write(report, Console.Out);
            }

            return report.Ready ? ExitCodes.Success : ExitCodes.RunFailed;
        });
        return command;
    }
}
