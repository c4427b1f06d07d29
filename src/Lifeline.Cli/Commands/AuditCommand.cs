using System.CommandLine;
using System.Text.Json;
using Lifeline.Cli.Hosting;
using Lifeline.Cli.Rendering;
using Lifeline.Engine.Audit;

namespace Lifeline.Cli.Commands;

/// <summary><c>lifeline audit verify|export</c>: the hash-chained audit trail in the state database.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var command = new Command("audit", "Verify or export the append-only audit trail.");
        command.Subcommands.Add(Verify());
        command.Subcommands.Add(Export());
        return command;
    }

    private static Command Verify()
    {
        var command = new Command("verify", "Check every record's hash and link; exit 1 naming the first record that was edited, deleted or moved.");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = GlobalOptions.StatePath(parse);
            if (!File.Exists(path))
            {
                Terminal.Fail($"no state database at {path}; see --state");
                return ExitCodes.BadInput;
            }

            await using var trail = await SqliteAuditTrail.OpenAsync(path, TimeProvider.System, cancellationToken);
            var result = await trail.VerifyAsync(null, cancellationToken);
            if (GlobalOptions.Json(parse))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(result, AuditJson.Default.AuditVerification));
            }
            else if (result.Ok)
            {
                Console.Out.WriteLine($"audit trail intact: {result.RecordsChecked} records, last hash {result.LastHash}");
            }
            else
            {
                Terminal.Fail($"audit trail broken: {result.Reason} ({result.RecordsChecked} records before it verified)");
            }

            return result.Ok ? ExitCodes.Success : ExitCodes.RunFailed;
        });
        return command;
    }

    private static Command Export()
    {
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file instead of stdout." };
        var command = new Command("export", "Write every audit record as one JSON object per line.") { output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = GlobalOptions.StatePath(parse);
            if (!File.Exists(path))
            {
                Terminal.Fail($"no state database at {path}; see --state");
                return ExitCodes.BadInput;
            }

            await using var trail = await SqliteAuditTrail.OpenAsync(path, TimeProvider.System, cancellationToken);
            var file = parse.GetValue(output);
            await using var stream = file is null ? Console.OpenStandardOutput() : file.Create();
            var count = await trail.ExportAsync(stream, cancellationToken);
            Console.Error.WriteLine($"exported {count} audit records{(file is null ? "" : " to " + file.FullName)}");
            return ExitCodes.Success;
        });
        return command;
    }
}
