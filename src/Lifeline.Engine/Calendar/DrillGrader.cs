using Lifeline.Core.Time;

namespace Lifeline.Engine.Calendar;

/// <summary>
/// Grades a drill against the estate's objectives: the RTO and RPO achieved within the plan's objective tier and class,
/// the run succeeded with every validation passed, and the sandbox was cleaned up with nothing left running and no port
/// bound. A criterion that could not be measured fails: a drill that proves nothing is not a pass.
/// </summary>
public static class DrillGrader
{
    public static DrillGrade Grade(DrillRequest request, DrillResult result, DateTimeOffset gradedAt)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(result);
        var estate = request.Estate.Estate;
        var plan = request.Estate.FindPlan(request.Scenario);
        var rtoObjective = plan?.RtoTier is { } tier && estate.Objectives.Rto.TryGetValue(tier, out var rto) ? rto : (TimeSpan?)null;
        var rpoObjective = plan?.RpoClass is { } dataClass && estate.Objectives.Rpo.TryGetValue(dataClass, out var rpo) ? rpo : (TimeSpan?)null;
        var reasons = new List<string>();
        if (!result.RunSucceeded)
        {
            reasons.Add($"run {result.RunId} did not succeed{(result.Error is { } e ? $": {e}" : "")}");
        }

        Against("RTO", result.AchievedRto, rtoObjective, plan?.RtoTier, reasons);
        Against("RPO", result.AchievedRpo, rpoObjective, plan?.RpoClass, reasons);
        reasons.AddRange(result.FailedValidations.Select(v => $"validation failed: {v}"));
        reasons.AddRange(result.LeftBehind.Select(l => $"not cleaned up: {l}"));
        return new DrillGrade(estate.Name, request.Item.Id, request.Scenario, result.RunId, request.DueAt, gradedAt, reasons.Count == 0,
            result.AchievedRto?.TotalSeconds, rtoObjective?.TotalSeconds, result.AchievedRpo?.TotalSeconds, rpoObjective?.TotalSeconds, reasons);
    }

    private static void Against(string what, TimeSpan? achieved, TimeSpan? objective, string? key, List<string> reasons)
    {
        if (objective is null)
        {
            return;
        }

        if (achieved is null)
        {
            reasons.Add($"{what} not measured (objective {key} {DurationText.Format(objective.Value)})");
        }
        else if (achieved > objective)
        {
            reasons.Add($"{what} {DurationText.Format(achieved.Value)} exceeded the objective {key} {DurationText.Format(objective.Value)}");
        }
    }
}
