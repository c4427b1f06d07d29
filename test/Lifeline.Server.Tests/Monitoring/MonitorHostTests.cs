using Lifeline.Engine.Monitoring;
using Lifeline.Server.Monitoring;
using Lifeline.Server.Readiness;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Server.Tests.Monitoring;

/// <summary>What the hosted monitor copies from its observation window: health per resource and vantage point, and replication lag.</summary>
public sealed class MonitorHostTests(Support.ServerFixture server) : IClassFixture<Support.ServerFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Copy_ObservationsFromTwoVantagePoints_BoardHasBothAndDisagreementIsDegraded()
    {
        // Given a window in which "control" sees the replica healthy and "agent-1" sees it down
        var window = new ObservationWindow();
        window.Add(Observation("db", "control", T0, healthy: true, lag: "0.5"));
        window.Add(Observation("db", "agent-1", T0.AddSeconds(1), healthy: false, lag: ""));

        // When the host copies the window
        var host = server.Services.GetRequiredService<MonitorHost>();
        host.Copy("copy-test", window);

        // Then the board has one observation per vantage point, and the resource as a whole is degraded
        var board = server.Services.GetRequiredService<ResourceHealthBoard>();
        Assert.Equal(["agent-1:down", "control:healthy"], board.ByVantage("copy-test", "db").Select(o => $"{o.Vantage}:{o.Status}"));
        Assert.Equal("degraded", board.Latest("copy-test", "db")!.Status);
        var lag = server.Services.GetRequiredService<LagHistory>().For("copy-test", _ => 900);
        var series = Assert.Single(lag);
        Assert.Equal(("db", "control", 900.0, 0.5), (series.Resource, series.Vantage, series.RpoObjectiveS!.Value, Assert.Single(series.Points).Seconds));
    }

    [Fact]
    public void Add_MoreReadingsThanCapacity_KeepsTheNewestAndSkipsRepeats()
    {
        // Given a history of three readings per series
        var history = new LagHistory(capacityPerSeries: 3);

        // When five readings arrive, one of them twice
        for (var i = 0; i < 5; i++)
        {
            history.Add("e", "db", "control", new LagPoint(T0.AddSeconds(i), i));
        }

        var repeated = history.Add("e", "db", "control", new LagPoint(T0.AddSeconds(4), 4));

        // Then only the newest three are kept and the repeat is ignored
        Assert.False(repeated);
        Assert.Equal([2.0, 3.0, 4.0], Assert.Single(history.For("e", _ => null)).Points.Select(p => p.Seconds));
    }

    private static Observation Observation(string resource, string vantage, DateTimeOffset at, bool healthy, string lag) =>
        new(resource, vantage, at, healthy, new Dictionary<string, string> { [LagHistory.Field] = lag }, healthy ? "ok" : "unreachable");
}
