using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Lifeline.Sandbox.Portal.Apis;

internal static class StudiesApi
{
    private const string Insert = """
        WITH s AS (INSERT INTO studies(patient_id, modality) SELECT id, $2 FROM patients WHERE id = $1 RETURNING id, created_at),
             a AS (INSERT INTO audit_logs(action, entity, entity_id) SELECT 'create', 'study', id FROM s)
        SELECT id, created_at FROM s
        """;

    public static void MapStudiesApi(this IEndpointRouteBuilder app)
    {
        var studies = app.MapGroup("/studies").ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        studies.MapPost("/", CreateAsync);
        studies.MapGet("/", CountAsync);
    }

    private static async Task<Results<Created<CreatedRecord>, ValidationProblem, NotFound<string>>> CreateAsync(
        CreateStudyRequest request, NpgsqlDataSource db, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Modality))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["modality"] = ["modality is required."] });

        await using var command = db.CreateCommand(Insert);
        command.Parameters.Add(new NpgsqlParameter { Value = request.PatientId });
        command.Parameters.Add(new NpgsqlParameter { Value = request.Modality });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
            return TypedResults.NotFound($"patient {request.PatientId} does not exist");
        var created = new CreatedRecord(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1));
        return TypedResults.Created($"/studies/{created.Id}", created);
    }

    private static async Task<Ok<CountResponse>> CountAsync(NpgsqlDataSource db, CancellationToken ct) =>
        TypedResults.Ok(new CountResponse(await Counts.OfAsync(db, "studies", ct)));
}
