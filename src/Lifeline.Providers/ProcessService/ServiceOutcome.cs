namespace Lifeline.Providers.ProcessService;

/// <summary>A service report, or one line saying why there is none.</summary>
internal sealed record ServiceOutcome(ServiceReport? Report, string? Error, bool IsTransient)
{
    public static ServiceOutcome Of(ServiceReport report) => new(report, null, false);

    public static ServiceOutcome Failed(string error, bool transient = false) => new(null, error, transient);
}
