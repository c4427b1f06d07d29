using System.Globalization;
using Lifeline.Core.Providers;
using Lifeline.Providers.Inputs;

namespace Lifeline.Providers.Postgres;

internal sealed partial class PostgresProvider
{
    private async Task<OperationOutcome> PromoteAsync(PostgresTarget target, OperationRequest request, CancellationToken cancellationToken)
    {
        var inputs = new InputReader("postgres", "input", request.Inputs);
        var wait = inputs.Duration("wait", TimeSpan.FromSeconds(60));
        if (inputs.Error is { } error)
        {
            return OperationOutcome.Failure(error);
        }

        var waitSeconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        await using var connection = await OpenForRoleChangeAsync(target, request, cancellationToken, commandTimeoutSeconds: waitSeconds + 10);
        if (!await ScalarAsync<bool>(connection, "select pg_is_in_recovery()", cancellationToken))
        {
            request.Context.Log.Write($"PostgreSQL at {target.Endpoint} is already a primary; nothing to promote");
            return Promoted(target);
        }

        if (await WaitReplayedAsync(connection, target, request, waitSeconds, cancellationToken) is { } notCaughtUp)
        {
            return notCaughtUp;
        }

        request.Context.Log.Write($"promoting PostgreSQL at {target.Endpoint} (waiting up to {waitSeconds} s)");
        // pg_promote's own wait checks ten times a second; polling ourselves hands over the writable primary sooner.
        if (!await ScalarAsync<bool>(connection, "select pg_promote(false)", cancellationToken))
        {
            return OperationOutcome.Failure($"PostgreSQL at {target.Endpoint} refused to promote", transient: true);
        }

        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(waitSeconds);
        while (await ScalarAsync<bool>(connection, "select pg_is_in_recovery()", cancellationToken))
        {
            if (time.GetUtcNow() >= deadline)
            {
                return OperationOutcome.Failure($"PostgreSQL at {target.Endpoint} did not finish promotion within {waitSeconds} s", transient: true);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), time, cancellationToken);
        }

        return Promoted(target);
    }

    private OperationOutcome Promoted(PostgresTarget target) => OperationOutcome.Success(new Dictionary<string, string>
    {
        ["endpoint"] = target.Endpoint,
        ["host"] = target.Host,
        ["port"] = target.Port.ToString(CultureInfo.InvariantCulture),
        ["promoted_at"] = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
    });
}
