using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Inputs;
using Npgsql;

namespace Lifeline.Providers.Postgres;

/// <summary>PostgreSQL members (the sandbox's primary and streaming standby): status, fence, promote, data baselines.</summary>
internal sealed partial class PostgresProvider(TimeProvider time) : IProvider
{
    public ProviderDescriptor Descriptor { get; } = new(
        "postgres",
        "PostgreSQL 15 members over the network: role, lag, fencing, promotion, reprotection with pg_rewind, row-count baselines, same-site failover, forensic snapshots (pg_dump, hashed) and disabling a leaked login role.",
        [Operations.Database.Fence, Operations.Database.Promote, Operations.Database.Reprotect, Operations.Database.BaselineCapture, Operations.Database.BaselineVerify, Operations.Database.RebootFailover, Operations.Database.Snapshot, Operations.Credential.Disable],
        [Operations.Database.Status],
        [
            SettingDescriptor.Required("host", "Host name or address of the member."),
            SettingDescriptor.Required("port", "TCP port."),
            SettingDescriptor.Required("database", "Database to connect to."),
            SettingDescriptor.Required("user", "Role to connect as."),
            SettingDescriptor.Required("password", "Its password (usually ${{ secrets.X }})."),
            SettingDescriptor.Optional("data-dir", "Data directory: host access for the fences that hold (demote, stop, block)."),
            SettingDescriptor.Optional("monitor-user", "A role a block fence still admits, for monitoring."),
            SettingDescriptor.Optional("bin-dir", $"PostgreSQL programs (default {PostgresTarget.DefaultBinDirectory})."),
            SettingDescriptor.Optional("standby-host", "The same-site synchronous standby database.reboot-failover promotes (default: host)."),
            SettingDescriptor.Optional("standby-port", "Its TCP port; database.reboot-failover needs it."),
            SettingDescriptor.Optional("standby-data-dir", "Its data directory (host access)."),
            SettingDescriptor.Optional("zone", "Where the primary runs, reported as previous_zone by database.reboot-failover."),
            SettingDescriptor.Optional("standby-zone", "Where the standby runs, reported as zone by database.reboot-failover."),
            SettingDescriptor.RequiredBy(SnapshotDirSetting, "Directory the database.snapshot dumps (pg_dump) and their .sha256 files are written to.", Operations.Database.Snapshot.Name),
            SettingDescriptor.RequiredBy("upstream", "host:port of the member this one follows once database.reprotect makes it a standby (the promoted DR primary); pg_rewind reads it as user, who needs execute on pg_ls_dir, pg_stat_file and pg_read_binary_file there.", Operations.Database.Reprotect.Name),
            SettingDescriptor.Optional("replication-user", "Role this member streams from its upstream as, once reprotected (default: user)."),
            SettingDescriptor.Optional("replication-password", "Its password (default: password)."),
            SettingDescriptor.Optional("remote-standbys", "Comma-separated application names of the standbys outside this member's site: only their replies count for standby_reply_age_s (a self-fencing agent's evidence that its site is not isolated). Default: every streaming standby."),
        ]);

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        var target = PostgresTarget.Read(request.Settings, out var error);
        if (target is null)
        {
            return OperationOutcome.Failure(error!);
        }

        try
        {
            return request.Operation switch
            {
                var o when o == Operations.Database.Promote.Name => await PromoteAsync(target, request, cancellationToken),
                var o when o == Operations.Database.Fence.Name => await FenceAsync(target, request, cancellationToken),
                var o when o == Operations.Database.Reprotect.Name => await ReprotectAsync(target, request, cancellationToken),
                var o when o == Operations.Database.BaselineCapture.Name => await CaptureBaselineAsync(target, request, cancellationToken),
                var o when o == Operations.Database.BaselineVerify.Name => await VerifyBaselineAsync(target, request, cancellationToken),
                var o when o == Operations.Database.RebootFailover.Name => await RebootFailoverAsync(target, request, cancellationToken),
                var o when o == Operations.Database.Snapshot.Name => await SnapshotAsync(target, request, cancellationToken),
                var o when o == Operations.Credential.Disable.Name => await DisableCredentialAsync(target, request, cancellationToken),
                _ => OperationOutcome.Failure($"postgres does not offer operation '{request.Operation}'"),
            };
        }
        catch (Exception exception) when (PostgresFailure.IsExpected(exception) && !cancellationToken.IsCancellationRequested)
        {
            var (message, transient) = PostgresFailure.Describe(target, exception);
            return OperationOutcome.Failure(message, transient);
        }
    }

    public async ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        if (request.Probe != Operations.Database.Status.Name)
        {
            return ProbeOutcome.Invalid($"postgres does not offer probe '{request.Probe}'");
        }

        var target = PostgresTarget.Read(request.Settings, out var error);
        var inputs = new InputReader("postgres", "input", request.Inputs);
        var timeout = inputs.Duration("timeout", TimeSpan.Zero);
        if (target is null || inputs.Error is not null)
        {
            return ProbeOutcome.Invalid(error ?? inputs.Error!);
        }

        if (timeout <= TimeSpan.Zero)
        {
            return ProbeOutcome.Observed(await StatusAsync(target, request.Context.Log, cancellationToken));
        }

        // A partitioned member drops packets: its status is "unreachable" after the timeout, not after the connect timeout.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            return ProbeOutcome.Observed(await StatusAsync(target, request.Context.Log, limit.Token));
        }
        catch (Exception exception) when (exception is OperationCanceledException or NpgsqlException or TimeoutException && limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            request.Context.Log.Write($"PostgreSQL at {target.Endpoint} did not answer within {Core.Time.DurationText.Format(timeout)}");
            return ProbeOutcome.Observed(Unreachable());
        }
    }

    private static async Task<NpgsqlConnection> OpenAsync(PostgresTarget target, CancellationToken cancellationToken, int commandTimeoutSeconds = 10)
    {
        var connection = new NpgsqlConnection(target.ConnectionString(commandTimeoutSeconds));
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private const int RoleChangeConnectAttempts = 3;

    /// <summary>
    /// Opens the connection an operation that changes a server's role starts from (promote, forced failover): a connect
    /// that timed out is tried again, three attempts in all. The 2 s that suit a probe are too few for a live server on
    /// a busy host, and a forced failover failed a drill on that once; a refused connection is final at once.
    /// </summary>
    private static async Task<NpgsqlConnection> OpenForRoleChangeAsync(PostgresTarget target, OperationRequest request, CancellationToken cancellationToken, int commandTimeoutSeconds = 10)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await OpenAsync(target, cancellationToken, commandTimeoutSeconds);
            }
            catch (Exception exception) when (attempt < RoleChangeConnectAttempts && PostgresFailure.IsTimeout(exception) && !cancellationToken.IsCancellationRequested)
            {
                request.Context.Log.Write($"PostgreSQL at {target.Endpoint} did not answer within 2 s (attempt {attempt} of {RoleChangeConnectAttempts}); trying again");
            }
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
