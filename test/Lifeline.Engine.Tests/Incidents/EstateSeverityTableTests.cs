using Lifeline.Engine.Incidents;
using Lifeline.Engine.Tests.Support;

namespace Lifeline.Engine.Tests.Incidents;

/// <summary>Incidents take their severity table from the estate (ADR 0028), over a real SQLite state file.</summary>
public sealed class EstateSeverityTableTests
{
    [Fact]
    public async Task Open_WithTheEstatesTable_StatesItsResponseTimeAndRefusesOtherLevels()
    {
        // Given an estate whose P2 must be answered within 30 minutes, not the default 15, and no P4
        await using var harness = await EngineHarness.CreateAsync();
        IReadOnlyList<SeverityLevel> table = [new("P1", "Complete outage", TimeSpan.Zero), new("P2", "Half the clinics down", TimeSpan.FromMinutes(30))];
        var service = new IncidentService(await SqliteIncidentStore.OpenAsync(harness.Store.Path, CancellationToken.None), harness.Store, TimeProvider.System, severities: table);

        // When a P2 and a P4 are opened
        var (incident, _) = await service.OpenAsync("AI degraded", "P2", null, "ops", null, false, null, CancellationToken.None);
        var (refused, error) = await service.OpenAsync("typo", "P4", null, "ops", null, false, null, CancellationToken.None);

        // Then the P2's opening entry and view carry the estate's row, and P4 is not a level of this estate
        var view = await service.ViewAsync(incident!.Id, CancellationToken.None);
        Assert.Contains("(P2, Half the clinics down; respond within 30m)", view!.Timeline[0].Text, StringComparison.Ordinal);
        Assert.Equal(1800, view.ResponseTargetS);
        Assert.Null(refused);
        Assert.Equal("severity 'P4' is not known; expected one of P1, P2", error);
    }
}
