using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using Lifeline.Cli.Hosting;
using Lifeline.Cli.Remote;
using Lifeline.Cli.Rendering;
using Lifeline.Engine.Audit;

namespace Lifeline.Cli.Commands;

/// <summary><c>lifeline audit verify|export|keygen|checkpoint</c>: the hash-chained audit trail in the state database and its signed checkpoints.</summary>
internal static class AuditCommand
{
    public static Command Create(CliServices services)
    {
        var command = new Command("audit", "Verify, export or sign checkpoints of the append-only audit trail.");
        command.Subcommands.Add(Verify());
        command.Subcommands.Add(Export());
        command.Subcommands.Add(Keygen());
        command.Subcommands.Add(Checkpoint(services));
        return command;
    }

    private static Command Verify()
    {
        var publicKey = new Option<string?>("--public-key") { Description = "Also verify every checkpoint's signature with this public key (PEM, see audit keygen)." };
        var command = new Command("verify", "Check every record's hash and link, and every signed checkpoint against the chain; exit 1 naming the first record or checkpoint that fails.") { publicKey };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (RemoteTarget.From(parse) is { } remote)
            {
                if (parse.GetValue(publicKey) is not null)
                {
                    Terminal.Fail("--public-key checks signed checkpoints in a local state file; with --server the server verifies its own chain");
                    return ExitCodes.BadInput;
                }

                return await RemoteAudit.VerifyAsync(remote, GlobalOptions.Json(parse), cancellationToken);
            }

            var path = GlobalOptions.StatePath(parse);
            if (!File.Exists(path))
            {
                Terminal.Fail($"no state database at {path}; see --state");
                return ExitCodes.BadInput;
            }

            ECDsa? key = null;
            if (parse.GetValue(publicKey) is { } keyPath)
            {
                (key, var keyError) = AuditKeys.Load(keyPath, requirePrivate: false);
                if (key is null)
                {
                    Terminal.Fail(keyError!);
                    return ExitCodes.BadInput;
                }
            }

            using (key)
            {
                await using var trail = await SqliteAuditTrail.OpenAsync(path, TimeProvider.System, cancellationToken);
                var chain = await trail.VerifyAsync(null, cancellationToken);
                var checkpoints = await AuditCheckpointVerifier.VerifyAsync(trail, key, cancellationToken);
                var result = AuditVerifyReport.From(chain, checkpoints);
                if (GlobalOptions.Json(parse))
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(result, AuditJson.Default.AuditVerifyReport));
                }
                else if (!chain.Ok)
                {
                    Terminal.Fail($"audit trail broken: {chain.Reason} ({chain.RecordsChecked} records before it verified)");
                }
                else if (!checkpoints.Ok)
                {
                    Terminal.Fail($"audit checkpoint failed: {checkpoints.Reason}");
                }
                else
                {
                    Console.Out.WriteLine($"audit trail intact: {chain.RecordsChecked} records, last hash {chain.LastHash}");
                    if (checkpoints.CheckpointsChecked > 0)
                    {
                        Console.Out.WriteLine(checkpoints.SignaturesChecked
                            ? $"{checkpoints.CheckpointsChecked} signed checkpoint(s) verified, latest at record {checkpoints.LatestSequence}"
                            : $"{checkpoints.CheckpointsChecked} checkpoint(s) match the chain, latest at record {checkpoints.LatestSequence}; signatures not checked (pass --public-key)");
                    }
                }

                return result.Ok ? ExitCodes.Success : ExitCodes.RunFailed;
            }
        });
        return command;
    }

    private static Command Keygen()
    {
        var output = new Option<string>("--out") { Description = "Private key file to create (PEM, mode 0600); the public key is written beside it as FILE.pub.", Required = true };
        var command = new Command("keygen", "Create an ECDSA P-256 key pair for signing audit checkpoints.") { output };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(output)!;
            var (publicPath, keyId, error) = AuditKeys.Generate(file);
            if (error is not null)
            {
                Terminal.Fail(error);
                return ExitCodes.BadInput;
            }

            if (GlobalOptions.Json(parse))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, string> { ["private_key"] = Path.GetFullPath(file), ["public_key"] = Path.GetFullPath(publicPath!), ["key_id"] = keyId! }, Engine.Checkpoints.StoreJson.Default.DictionaryStringString));
            }
            else
            {
                Console.Out.WriteLine($"wrote private key {file} (keep it secret) and public key {publicPath}; key id {keyId}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Checkpoint(CliServices services)
    {
        var keyOption = new Option<string>("--key") { Description = "Private key (PEM, see audit keygen) to sign with.", Required = true };
        var command = new Command("checkpoint", "Verify the chain, then sign its head (sequence, hash, time) and store the checkpoint in the state database.") { keyOption };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = GlobalOptions.StatePath(parse);
            if (!File.Exists(path))
            {
                Terminal.Fail($"no state database at {path}; see --state");
                return ExitCodes.BadInput;
            }

            var (key, keyError) = AuditKeys.Load(parse.GetValue(keyOption)!, requirePrivate: true);
            if (key is null)
            {
                Terminal.Fail(keyError!);
                return ExitCodes.BadInput;
            }

            using (key)
            {
                await using var trail = await SqliteAuditTrail.OpenAsync(path, services.Time, cancellationToken);
                var (checkpoint, error) = await new AuditCheckpointWriter(trail, services.Time).WriteAsync(key, cancellationToken);
                if (checkpoint is null)
                {
                    Terminal.Fail(error!);
                    return ExitCodes.RunFailed;
                }

                Console.Out.WriteLine(GlobalOptions.Json(parse)
                    ? JsonSerializer.Serialize(checkpoint, AuditJson.Default.AuditCheckpoint)
                    : $"checkpoint {checkpoint.Id}: record {checkpoint.Sequence}, hash {checkpoint.HeadHash}, signed by key {checkpoint.KeyId[..16]}…");
                return ExitCodes.Success;
            }
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
