using Lifeline.Sandbox.Portal.Regional;

namespace Lifeline.Sandbox.Portal.Meetings;

/// <summary>Processes the queued recordings once the media service of the media region answers again ("after recovery").</summary>
internal sealed partial class RecordingUploader(RecordingQueue queue, RegionalUpstreams media, TimeProvider time, ILogger<RecordingUploader> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (queue.Queued > 0 && (await media.StatusAsync(stoppingToken)).Answer is not null)
                {
                    var (moved, failed) = queue.Drain();
                    Uploaded(logger, moved, media.Region);
                    foreach (var failure in failed)
                    {
                        NotMoved(logger, failure);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Uploaded {Count} queued recordings; the media service in {Region} answers again")]
    private static partial void Uploaded(ILogger logger, int count, string region);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "A queued recording stays queued for the next pass: {Failure}")]
    private static partial void NotMoved(ILogger logger, string failure);
}
