namespace Lifeline.Engine.Calendar;

/// <summary>
/// Runs one scheduled drill to the end and says what it measured. The host implements it (the CLI and server start the
/// plan in a fresh sandbox and tear it down); the scheduler knows nothing of sandboxes.
/// </summary>
public interface IDrillLauncher
{
    Task<DrillResult> RunAsync(DrillRequest request, CancellationToken cancellationToken);
}
