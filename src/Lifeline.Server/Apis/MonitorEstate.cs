using Lifeline.Engine.Monitoring;
using Lifeline.Server.Monitoring;

namespace Lifeline.Server.Apis;

/// <summary>One estate under the monitor: health per resource and vantage point, replication lag over time, active anti-flapping blocks, recent events, and recent stalls (newest first).</summary>
public sealed record MonitorEstate(
    string Estate,
    string? Profile,
    IReadOnlyList<MonitorHealthItem> Health,
    IReadOnlyList<LagSeries> Lag,
    IReadOnlyList<FailoverRecord> Blocks,
    IReadOnlyList<MonitorEvent> Events,
    IReadOnlyList<MonitorStall> Stalls);
