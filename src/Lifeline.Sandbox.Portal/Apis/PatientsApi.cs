using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Lifeline.Sandbox.Portal.Apis;

internal static class PatientsApi
{
    // One statement is one transaction: the patient and its audit row commit together or not at all,
    // and 201 is sent only after the commit (an acknowledged write is a committed write).
    private const string Insert = """
        WITH p AS (INSERT INTO patients(name) VALUES ($1) RETURNING id, created_at),
             a AS (INSERT INTO audit_logs(action, entity, entity_id) SELECT 'create', 'patient', id FROM p)
        SELECT id, created_at FROM p
        """;

    public static void MapPatientsApi(this IEndpointRouteBuilder app)
    {
        var patients = app.MapGroup("/patients").ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        patients.MapPost("/", CreateAsync);
        patients.MapGet("/", CountAsync);
    }

    private static async Task<Results<Created<CreatedRecord>, ValidationProblem>> CreateAsync(
        CreatePatientRequest request, NpgsqlDataSource db, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Name))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["name is required."] });

        await using var command = db.CreateCommand(Insert);
        command.Parameters.Add(new NpgsqlParameter { Value = request.Name });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var created = new CreatedRecord(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1));
        return TypedResults.Created($"/patients/{created.Id}", created);
    }

    private static async Task<Ok<CountResponse>> CountAsync(NpgsqlDataSource db, CancellationToken ct) =>
        TypedResults.Ok(new CountResponse(await Counts.OfAsync(db, "patients", ct)));
}
