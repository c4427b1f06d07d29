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
        await using var connection = await OpenAsync(target, cancellationToken, commandTimeoutSeconds: waitSeconds + 10);
        if (!await ScalarAsync<bool>(connection, "select pg_is_in_recovery()", cancellationToken))
        {
            request.Context.Log.Write($"PostgreSQL at {target.Endpoint} is already a primary; nothing to promote");
            return Promoted(target);
        }

        request.Context.Log.Write($"promoting PostgreSQL at {target.Endpoint} (waiting up to {waitSeconds} s)");
        var promoted = await ScalarAsync<bool>(connection, $"select pg_promote(true, {waitSeconds.ToString(CultureInfo.InvariantCulture)})", cancellationToken);
        if (!promoted || await ScalarAsync<bool>(connection, "select pg_is_in_recovery()", cancellationToken))
        {
            return OperationOutcome.Failure($"PostgreSQL at {target.Endpoint} did not finish promotion within {waitSeconds} s", transient: true);
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
