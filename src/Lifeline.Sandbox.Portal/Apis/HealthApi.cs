using Lifeline.Sandbox.Portal.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Lifeline.Sandbox.Portal.Apis;

/// <summary>The runbook's Phase 5 health checks: the process (<c>/health</c>) and its database (<c>/health/db</c>).</summary>
internal static class HealthApi
{
    public static void MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", ProcessHealth);
        app.MapGet("/health/db", DatabaseHealthAsync).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static Ok<ProcessStatus> ProcessHealth(PortalSettings settings) => TypedResults.Ok(new ProcessStatus("ok", settings.Site));

    private static async Task<Ok<DatabaseStatus>> DatabaseHealthAsync(NpgsqlDataSource db, PortalSettings settings, CancellationToken ct)
    {
        await using var command = db.CreateCommand("SELECT pg_is_in_recovery(), current_setting('transaction_read_only') = 'on'");
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var inRecovery = reader.GetBoolean(0);
        return TypedResults.Ok(new DatabaseStatus("ok", settings.Site, Writable: !inRecovery && !reader.GetBoolean(1), InRecovery: inRecovery));
    }
}
