using Lifeline.Sandbox.Portal.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Lifeline.Sandbox.Portal.Ehr;

/// <summary>
/// The EHRbase routes the runbook checks: <c>/ehrbase/rest/status</c> answers 200 only when the service's database answers,
/// and says whether it is writable, so "DR is serving traffic" means the promoted database too.
/// </summary>
internal static class EhrApi
{
    public static void MapEhrApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/ehrbase/rest/status", StatusAsync).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task<Ok<EhrStatus>> StatusAsync(NpgsqlDataSource db, PortalSettings settings, CancellationToken ct)
    {
        await using var command = db.CreateCommand("SELECT pg_is_in_recovery(), current_setting('transaction_read_only') = 'on', current_setting('server_version')");
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var inRecovery = reader.GetBoolean(0);
        return TypedResults.Ok(new EhrStatus("ok", settings.Site, Writable: !inRecovery && !reader.GetBoolean(1), $"PostgreSQL {reader.GetString(2)}"));
    }
}
