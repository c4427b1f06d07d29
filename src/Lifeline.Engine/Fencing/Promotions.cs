using Lifeline.Core.Plans;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Engine.Fencing;

/// <summary>Which steps make a new primary: their success decides which member is legitimate (the newest epoch wins).</summary>
internal static class Promotions
{
    /// <summary>The resource a step promotes, or null when it is not a promotion.</summary>
    public static string? Promoted(Step step) =>
        step.Body is ActionBody { Target: { } target } action && action.Operation == Operations.Database.Promote.Name ? target : null;
}
