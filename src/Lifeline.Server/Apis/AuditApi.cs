using Lifeline.Engine.Audit;
using Lifeline.Server.Hosting;
using Lifeline.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lifeline.Server.Apis;

/// <summary>The hash-chained audit trail: verify (anyone signed in), read and export (admins).</summary>
internal static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/audit").WithTags("Audit");
        api.MapGet("/verify", VerifyAsync).RequireAuthorization(Roles.Policy(Role.Viewer));
        api.MapGet("/", ReadAsync).RequireAuthorization(Roles.Policy(Role.Admin));
        api.MapGet("/export", Export).RequireAuthorization(Roles.Policy(Role.Admin))
            .WithSummary("Every record as JSON lines (application/x-ndjson).");
        return api;
    }

    private static async Task<Ok<AuditVerification>> VerifyAsync(ServerState state, CancellationToken cancellationToken) =>
        TypedResults.Ok(await state.Audit.VerifyAsync(null, cancellationToken));

    private static async Task<Ok<IReadOnlyList<AuditRecord>>> ReadAsync(ServerState state, CancellationToken cancellationToken, long from = 1, int limit = 200)
    {
        var records = new List<AuditRecord>();
        await foreach (var record in state.Audit.ReadAsync(from, cancellationToken))
        {
            records.Add(record);
            if (records.Count >= Math.Clamp(limit, 1, 5000))
            {
                break;
            }
        }

        return TypedResults.Ok<IReadOnlyList<AuditRecord>>(records);
    }

    private static PushStreamHttpResult Export(ServerState state) =>
        TypedResults.Stream(stream => state.Audit.ExportAsync(stream, CancellationToken.None), "application/x-ndjson", "audit.jsonl");
}
