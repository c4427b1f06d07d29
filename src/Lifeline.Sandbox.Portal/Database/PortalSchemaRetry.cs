namespace Lifeline.Sandbox.Portal.Database;

/// <summary>
/// Tries the schema again every second until it is settled. The first try, before listening, is bounded by the 2 s
/// connect timeout; when it fails (a site started before its database, or a busy machine let the timeout pass) the
/// portal used to answer 503 for every data request until it was restarted.
/// </summary>
internal sealed class PortalSchemaRetry(PortalSchema schema, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!schema.Settled)
        {
            await Task.Delay(Pause, time, stoppingToken);
            await schema.EnsureAsync(stoppingToken);
        }
    }
}
