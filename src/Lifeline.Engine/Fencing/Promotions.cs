using Lifeline.Core.Plans;

namespace Lifeline.Engine.Fencing;

/// <summary>Which steps make a new primary: their success decides which member is legitimate (the newest epoch wins).</summary>
internal static class Promotions
{
    public const string Operation = "database.promote";

    /// <summary>The resource a step promotes, or null when it is not a promotion.</summary>
    public static string? Promoted(Step step) => step.Body is ActionBody { Operation: Operation, Target: { } target } ? target : null;
}
