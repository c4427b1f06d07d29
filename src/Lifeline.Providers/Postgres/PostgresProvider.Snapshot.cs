using System.Globalization;
using System.Text.RegularExpressions;
using Lifeline.Core.Providers;
using Lifeline.Providers.Evidence;
using Lifeline.Providers.Inputs;
using Lifeline.Providers.Tools;

namespace Lifeline.Providers.Postgres;

internal sealed partial class PostgresProvider
{
    public const string SnapshotDirSetting = "snapshot-dir";

    /// <summary>
    /// database.snapshot as a forensic copy: pg_dump's custom format of the database into the binding's snapshot-dir,
    /// sealed with its SHA-256 (NAME.dump and NAME.dump.sha256). A snapshot of that name already sealed, whose content
    /// still matches its hash, is returned as it is: the copy taken at the incident is never overwritten.
    /// </summary>
    private async Task<OperationOutcome> SnapshotAsync(PostgresTarget target, OperationRequest request, CancellationToken cancellationToken)
    {
        var settings = new InputReader("postgres", "setting", request.Settings);
        var directory = settings.Required(SnapshotDirSetting);
        var inputs = new InputReader("postgres", "input", request.Inputs);
        var name = inputs.Required("name");
        if ((settings.Error ?? inputs.Error) is { } error)
        {
            return OperationOutcome.Failure(error);
        }

        if (!SnapshotName().IsMatch(name))
        {
            return OperationOutcome.Failure($"postgres: input 'name' must be letters, digits, '.', '_' or '-', not '{name}'");
        }

        var file = Path.Combine(directory, name + ".dump");
        var sealedFile = await HashedFile.ReadSealedAsync(file, cancellationToken);
        if (sealedFile is null)
        {
            if (File.Exists(file))
            {
                return OperationOutcome.Failure($"postgres: {file} exists but does not match its recorded hash; it is kept as found, choose another snapshot name");
            }

            Directory.CreateDirectory(directory);
            var partial = file + ".partial";
            var (exitCode, output) = await ToolProcess.RunAsync(
                Path.Combine(target.BinDirectory, "pg_dump"),
                ["--host", target.Host, "--port", target.Port.ToString(CultureInfo.InvariantCulture), "--username", target.User, "--dbname", target.Database,
                 "--format", "custom", "--no-password", "--file", partial],
                new Dictionary<string, string> { ["PGPASSWORD"] = target.Password, ["PGCONNECT_TIMEOUT"] = "5" },
                cancellationToken);
            if (exitCode != 0)
            {
                File.Delete(partial);
                return OperationOutcome.Failure($"postgres: pg_dump of {target.Database} on {target.Endpoint} failed ({exitCode.ToString(CultureInfo.InvariantCulture)}): {ToolProcess.LastLine(output)}", transient: exitCode != ToolProcess.NotFound);
            }

            File.Move(partial, file);
            sealedFile = await HashedFile.SealAsync(file, cancellationToken);
        }

        var evidence = sealedFile.Describe($"database snapshot {name} of {target.Database} on {target.Endpoint}");
        request.Context.Log.Write(evidence);
        return OperationOutcome.Success(new Dictionary<string, string>
        {
            ["snapshot"] = name,
            ["status"] = "available",
            ["created_at"] = File.GetLastWriteTimeUtc(file).ToString("O", CultureInfo.InvariantCulture),
            ["sha256"] = sealedFile.Sha256,
            [Core.Vocabulary.Operations.EvidenceOutput] = evidence,
        });
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,200}$")]
    private static partial Regex SnapshotName();
}
