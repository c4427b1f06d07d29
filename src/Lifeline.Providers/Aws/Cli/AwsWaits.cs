using Lifeline.Core.Providers;

namespace Lifeline.Providers.Aws.Cli;

/// <summary>The CLI's own waiters, bounded by a step's <c>wait</c> input when it has one.</summary>
internal static class AwsWaits
{
    /// <summary>
    /// A waiter polls on its own schedule for up to its model's attempts (half an hour for RDS); <paramref name="within"/>
    /// ends it sooner. Running out of time is transient (the resource may still get there), like the waiter's own timeout.
    /// </summary>
    public static async Task<AwsResult> WaitAsync(this AwsCli cli, AwsCommand waiter, AwsConnection connection, IStepLog log, TimeSpan? within, TimeProvider time, CancellationToken cancellationToken)
    {
        if (within is not { } limit)
        {
            return await cli.RunAsync(waiter, connection, log, cancellationToken);
        }

        using var deadline = new CancellationTokenSource(limit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await cli.RunAsync(waiter, connection, log, linked.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return AwsResult.Failure(new AwsError(AwsError.WaiterTimedOut, $"aws {waiter.Name}: not done within {limit.TotalSeconds:0}s (input wait)", true));
        }
    }

    /// <summary>A list option: one word for one value, a JSON array for several (the CLI reads both).</summary>
    public static AwsArgument List(string name, IReadOnlyList<string> values) =>
        AwsArgument.Option(name, values.Count == 1 ? values[0] : System.Text.Json.JsonSerializer.Serialize(values));

    public static string[] Split(string? commaSeparated) =>
        commaSeparated?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
