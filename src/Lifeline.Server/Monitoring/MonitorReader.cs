using Lifeline.Engine.Audit;
using Lifeline.Engine.Secrets;
using Lifeline.Server.Apis;
using Lifeline.Server.Hosting;
using Lifeline.Server.Readiness;

namespace Lifeline.Server.Monitoring;

/// <summary>What the API and the estate page show of the monitor, and lifting its anti-flapping blocks (one path for both).</summary>
internal sealed class MonitorReader(ServerOptions options, ServerState state, EstateCatalog estates, ResourceHealthBoard board, LagHistory lag, MonitorHost host, TimeProvider time, ILogger<MonitorReader> logger)
{
    public async Task<MonitorReport> ReportAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var result = new List<MonitorEstate>();
        foreach (var name in estates.Names.Order(StringComparer.Ordinal))
        {
            var model = estates.Load(name, null, new Dictionary<string, string>()).Estate?.Estate;
            var blocks = (await state.Monitor.FailoversAsync(name, cancellationToken)).Where(f => f.Blocks(now)).ToList();
            var watching = host.Watching.GetValueOrDefault(name);
            result.Add(new MonitorEstate(
                name,
                watching?.Profile,
                [.. board.All(name).Select(o => new MonitorHealthItem(o.ResourceId, o.Vantage, o.Status, o.At, o.Detail))],
                lag.For(name, resource => model is null ? null : RpoObjectives.For(model, resource)),
                blocks,
                watching?.Recent.Take(50).ToList() ?? [],
                await state.Monitor.StallsAsync(name, 10, cancellationToken)));
        }

        return new MonitorReport(host.Enabled, options.MonitorInterval?.TotalSeconds, result);
    }

    /// <summary>Acknowledges a scenario's anti-flapping blocks, audited as <c>monitor.unblock</c>; the error says why not.</summary>
    public async Task<(Unblocked? Unblocked, int Status, string? Error)> UnblockAsync(UnblockBody body, string by, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.Scenario))
        {
            return (null, StatusCodes.Status400BadRequest, "name the scenario whose automatic failovers are blocked");
        }

        if (string.IsNullOrWhiteSpace(body.Reason))
        {
            return (null, StatusCodes.Status400BadRequest, "lifting an anti-flapping block needs a reason; it is audited");
        }

        var estate = body.Estate ?? (estates.Names.Count == 1 ? estates.Names.First() : null);
        if (estate is null || estates.DirectoryOf(estate) is null)
        {
            return (null, StatusCodes.Status404NotFound, $"no estate{(estate is null ? " given" : $" '{estate}'")}; expected one of: {string.Join(", ", estates.Names)}");
        }

        var lifted = await state.Monitor.AcknowledgeBlocksAsync(estate, body.Scenario, by, body.Reason, time.GetUtcNow(), cancellationToken);
        if (lifted == 0)
        {
            return (null, StatusCodes.Status409Conflict, $"scenario '{body.Scenario}' of {estate} has no active anti-flapping block");
        }

        await state.Audit.AppendAsync(
            AuditEntry.Create(by, "monitor.unblock", $"{estate}/{body.Scenario}: anti-flapping block lifted: {body.Reason}", new Redactor()),
            CancellationToken.None);
        Log.MonitorUnblocked(logger, estate, body.Scenario, by, body.Reason);
        return (new Unblocked(estate, body.Scenario, lifted, by), StatusCodes.Status200OK, null);
    }
}
