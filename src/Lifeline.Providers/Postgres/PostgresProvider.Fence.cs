using Lifeline.Core.Providers;
using Lifeline.Providers.Inputs;

namespace Lifeline.Providers.Postgres;

/// <summary>
/// <c>database.fence</c>: demote, stop, block or (weak) advisory, each followed by a write attempt from a new connection.
/// A fence is reported as holding only when that write was refused; a method this binding cannot carry out is reported
/// as unavailable, never replaced by a weaker one.
/// </summary>
internal sealed partial class PostgresProvider
{
    private const string TerminateClientsSql = """
        select count(pg_terminate_backend(pid)) from pg_stat_activity
        where backend_type = 'client backend' and pid <> pg_backend_pid()
        """;

    private async Task<OperationOutcome> FenceAsync(PostgresTarget target, OperationRequest request, CancellationToken cancellationToken)
    {
        var inputs = new InputReader("postgres", "input", request.Inputs);
        var acceptUnreachable = inputs.Boolean("accept-unreachable", false);
        var text = inputs.Text("method", FenceMethods.Default.Name());
        var method = FenceMethods.Parse(text);
        if (method is null)
        {
            inputs.Fail($"postgres: input 'method': {FenceMethods.Expected(text)}");
        }

        if (inputs.Error is { } error || method is null)
        {
            return OperationOutcome.Failure(inputs.Error ?? "postgres: input 'method' is missing");
        }

        if (method is not FenceMethod.Advisory && target.DataDirectory is null)
        {
            return OperationOutcome.Failure(
                $"postgres: fence method {method.Value.Name()} is unavailable for {target.Endpoint}: it needs host access, and the binding has no 'data-dir' setting (the server's data directory on this machine); nothing was fenced");
        }

        var log = request.Context.Log;
        return method switch
        {
            FenceMethod.Demote => await DemoteAsync(target, log, cancellationToken),
            FenceMethod.Stop => await StopAsync(target, log, cancellationToken),
            FenceMethod.Block => await BlockAsync(target, log, acceptUnreachable, request.Context.Epoch, cancellationToken),
            _ => await AdvisoryAsync(target, log, acceptUnreachable, cancellationToken),
        };
    }

    /// <summary>The fence's outcome from its verification: fenced only if a new connection's write was refused.</summary>
    private async Task<OperationOutcome> VerifiedAsync(PostgresTarget target, FenceMethod method, bool reachable, IStepLog log, CancellationToken cancellationToken)
    {
        var verdict = await FenceVerification.CheckAsync(target, cancellationToken);
        log.Write($"PostgreSQL at {target.Endpoint} after {method.Name()}: {verdict.Evidence}");
        if (verdict.Refused)
        {
            return Fenced(method, reachable, verdict, await LastLsnAsync(target, method, log, cancellationToken));
        }

        if (method == FenceMethod.Advisory && verdict.Verified)
        {
            // Advisory is weak by design: reported as applied, and as not fenced, so no one mistakes it for a fence.
            return Fenced(method, reachable, verdict);
        }

        return OperationOutcome.Failure($"PostgreSQL at {target.Endpoint} is NOT fenced after {method.Name()}: {verdict.Evidence}", transient: true);
    }

    private static OperationOutcome Unreachable(PostgresTarget target, FenceMethod method, Exception exception, bool acceptUnreachable, IStepLog log)
    {
        var (message, _) = PostgresFailure.Describe(target, exception);
        if (acceptUnreachable)
        {
            log.Write($"{message}; accepted as fenced (accept-unreachable=true)");
            return OperationOutcome.Success(new Dictionary<string, string>
            {
                ["fenced"] = "false",
                ["method"] = method.Name(),
                ["reachable"] = "false",
                ["verified"] = "false",
                ["holds"] = method.Holds() ? "true" : "false",
                ["evidence"] = message,
                ["lsn"] = "",
            });
        }

        return OperationOutcome.Failure($"{message}; not fenced (set accept-unreachable=true to accept the risk)", transient: true);
    }

    private static OperationOutcome Fenced(FenceMethod method, bool reachable, FenceVerdict verdict, string lsn = "") => OperationOutcome.Success(new Dictionary<string, string>
    {
        ["lsn"] = lsn,
        ["fenced"] = verdict.Refused ? "true" : "false",
        ["method"] = method.Name(),
        ["reachable"] = reachable ? "true" : "false",
        ["verified"] = verdict.Verified ? "true" : "false",
        ["holds"] = method.Holds() ? "true" : "false",
        ["evidence"] = verdict.Evidence,
    });
}
