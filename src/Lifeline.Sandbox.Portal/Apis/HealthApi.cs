using Lifeline.Sandbox.Portal.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Lifeline.Sandbox.Portal.Apis;

/// <summary>
/// The runbook's Phase 5 health checks: the process (<c>/health</c>) and its database (<c>/health/db</c>); and the
/// revision served (<c>/version</c>), which a rollback or a clean redeployment is checked by.
/// </summary>
internal static class HealthApi
{
    public static void MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", ProcessHealth).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapGet("/version", (PortalSettings settings) => TypedResults.Ok(new VersionInfo(settings.Revision, settings.TaskDefinition, settings.Site, settings.Broken)));
        app.MapGet("/health/db", DatabaseHealthAsync).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static Results<Ok<ProcessStatus>, ProblemHttpResult> ProcessHealth(PortalSettings settings) => settings.Broken
        ? TypedResults.Problem($"revision {settings.Revision} is broken", statusCode: StatusCodes.Status503ServiceUnavailable)
        : TypedResults.Ok(new ProcessStatus("ok", settings.Site, settings.Revision));

    private static async Task<Ok<DatabaseStatus>> DatabaseHealthAsync(NpgsqlDataSource db, PortalSettings settings, CancellationToken ct)
    {
        await using var command = db.CreateCommand("SELECT pg_is_in_recovery(), current_setting('transaction_read_only') = 'on'");
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var inRecovery = reader.GetBoolean(0);
        return TypedResults.Ok(new DatabaseStatus("ok", settings.Site, Writable: !inRecovery && !reader.GetBoolean(1), InRecovery: inRecovery));
    }
}
