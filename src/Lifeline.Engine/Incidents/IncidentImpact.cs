namespace Lifeline.Engine.Incidents;

/// <summary>What the incident cost: users affected (as estimated by people) and data lost (as measured by the run).</summary>
public sealed record IncidentImpact(int? UsersAffected, int? LostWrites, double? LostWindowS)
{
    public static readonly IncidentImpact Unknown = new(null, null, null);
}
