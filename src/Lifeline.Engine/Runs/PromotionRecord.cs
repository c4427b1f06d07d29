namespace Lifeline.Engine.Runs;

/// <summary>
/// A promotion that succeeded: from this moment the promoted member is the legitimate primary of its estate and profile,
/// whatever the rest of its run does, until a promotion under a newer epoch.
/// </summary>
public sealed record PromotionRecord(string RunId, string Estate, string Profile, long Epoch, string StepId, string Resource, DateTimeOffset At);
