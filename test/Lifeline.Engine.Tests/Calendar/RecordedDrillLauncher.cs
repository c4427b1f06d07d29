using Lifeline.Engine.Calendar;

namespace Lifeline.Engine.Tests.Calendar;

/// <summary>
/// A stand-in for the host's sandbox drill launcher: a real sandbox cannot run on fake time. It records each request and
/// answers with the result the test scripted for that item.
/// </summary>
internal sealed class RecordedDrillLauncher(Func<DrillRequest, DrillResult> answer) : IDrillLauncher
{
    public List<DrillRequest> Requests { get; } = [];

    public Task<DrillResult> RunAsync(DrillRequest request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        return Task.FromResult(answer(request));
    }
}
