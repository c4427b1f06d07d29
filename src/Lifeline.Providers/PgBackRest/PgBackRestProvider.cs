using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Tools;

namespace Lifeline.Providers.PgBackRest;

/// <summary>
/// pgBackRest, continuous backups of a self-managed PostgreSQL (the sandbox's counterpart of RDS automated backups and
/// AWS Backup): point-in-time restores into a new instance, the stanza's newest backup and its age, the repository's files.
/// </summary>
internal sealed partial class PgBackRestProvider(TimeProvider time) : IProvider
{
    public const string Name = "pgbackrest";
    public const string Program = "pgbackrest";

    public ProviderDescriptor Descriptor { get; } = new(
        Name,
        "pgBackRest: point-in-time restore of a stanza into a new PostgreSQL instance, its backups and their age (as recovery points and events), its repository's files.",
        [Operations.Database.RestoreToTime],
        [Operations.Backup.Status, Operations.ObjectStore.List, Operations.Database.Snapshots, Operations.Database.Events],
        [
            SettingDescriptor.Required("stanza", "The stanza: the database cluster whose WAL and backups the repository holds."),
            SettingDescriptor.Optional("config", $"pgbackrest.conf naming the repository and the database (default {PgBackRestTarget.DefaultConfig}); commands run as its owner."),
            SettingDescriptor.Optional("data-root", "Directory the new instances' data directories go in (database.restore-to-time needs it)."),
            SettingDescriptor.Optional("host", "Address restored instances listen on (default 127.0.0.1)."),
            SettingDescriptor.Optional("bin-dir", $"PostgreSQL programs (default {PgBackRestTarget.DefaultBinDirectory})."),
        ]);

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation != Operations.Database.RestoreToTime.Name)
        {
            return OperationOutcome.Failure($"{Name} does not offer operation '{request.Operation}'");
        }

        var target = PgBackRestTarget.Read(request.Settings, out var error);
        return target is null ? OperationOutcome.Failure(error!) : await RestoreToTimeAsync(target, request, cancellationToken);
    }

    public async ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        var target = PgBackRestTarget.Read(request.Settings, out var error);
        if (target is null)
        {
            return ProbeOutcome.Invalid(error!);
        }

        return request.Probe switch
        {
            var p when p == Operations.Backup.Status.Name => await StatusAsync(target, request, cancellationToken),
            var p when p == Operations.ObjectStore.List.Name => await ListAsync(target, request, cancellationToken),
            var p when p == Operations.Database.Snapshots.Name => await SnapshotsAsync(target, request, cancellationToken),
            var p when p == Operations.Database.Events.Name => await EventsAsync(target, request, cancellationToken),
            _ => ProbeOutcome.Invalid($"{Name} does not offer probe '{request.Probe}'"),
        };
    }

    private static Task<(int ExitCode, string Output)> RunAsync(PgBackRestTarget target, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        ToolProcess.RunAsOwnerAsync(target.Config, Program, [.. target.Options, .. arguments], null, cancellationToken);

    private static string LastLine(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no output)";
}
