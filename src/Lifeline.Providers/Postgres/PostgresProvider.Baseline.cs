using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lifeline.Core.Providers;
using Lifeline.Providers.Files;
using Lifeline.Providers.Inputs;
using Npgsql;

namespace Lifeline.Providers.Postgres;

internal sealed partial class PostgresProvider
{
    private static readonly string[] DefaultTables = ["patients", "studies", "audit_logs"];

    [GeneratedRegex("^[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?$")]
    private static partial Regex TableName();

    private async Task<OperationOutcome> CaptureBaselineAsync(PostgresTarget target, OperationRequest request, CancellationToken cancellationToken)
    {
        var inputs = new InputReader("postgres", "input", request.Inputs);
        var tables = inputs.Optional("tables")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? DefaultTables;
        var file = inputs.Optional("file");
        foreach (var table in tables.Where(t => !TableName().IsMatch(t)))
        {
            inputs.Fail($"postgres: input 'tables' has '{table}', which is not a plain table name");
        }

        if (inputs.Error is { } error)
        {
            return OperationOutcome.Failure(error);
        }

        await using var connection = await OpenAsync(target, cancellationToken, commandTimeoutSeconds: 60);
        var baseline = new DatabaseBaseline(
            time.GetUtcNow(), target.Endpoint, await CountAsync(connection, tables, cancellationToken), await LatestAuditAsync(connection, tables, cancellationToken));
        var json = JsonSerializer.Serialize(baseline, AtomicFile.Json);
        if (file is not null)
        {
            await AtomicFile.WriteAllTextAsync(file, json + "\n", cancellationToken);
        }

        request.Context.Log.Write($"baseline of {target.Endpoint}: {string.Join(", ", baseline.Counts.Select(c => $"{c.Key}={c.Value}"))}");
        return OperationOutcome.Success(new Dictionary<string, string> { ["baseline"] = json, ["file"] = file ?? "" });
    }

    private async Task<OperationOutcome> VerifyBaselineAsync(PostgresTarget target, OperationRequest request, CancellationToken cancellationToken)
    {
        var inputs = new InputReader("postgres", "input", request.Inputs);
        var text = inputs.Required("baseline");
        if (inputs.Error is { } error)
        {
            return OperationOutcome.Failure(error);
        }

        if (text.StartsWith('@'))
        {
            var path = text[1..];
            if (!File.Exists(path))
            {
                return OperationOutcome.Failure($"postgres: baseline file {path} does not exist");
            }

            text = await File.ReadAllTextAsync(path, cancellationToken);
        }

        DatabaseBaseline? baseline;
        try
        {
            baseline = JsonSerializer.Deserialize<DatabaseBaseline>(text, AtomicFile.Json);
        }
        catch (JsonException exception)
        {
            return OperationOutcome.Failure($"postgres: input 'baseline' is not a baseline JSON: {exception.Message}");
        }

        if (baseline?.Counts is null || baseline.Counts.Keys.Any(t => !TableName().IsMatch(t)))
        {
            return OperationOutcome.Failure("postgres: input 'baseline' is not a baseline JSON (no valid counts)");
        }

        await using var connection = await OpenAsync(target, cancellationToken, commandTimeoutSeconds: 60);
        var tables = baseline.Counts.Keys.ToArray();
        var counts = await CountAsync(connection, tables, cancellationToken);
        var latest = await LatestAuditAsync(connection, tables, cancellationToken);

        var problems = new List<string>();
        foreach (var (table, before) in baseline.Counts)
        {
            var now = counts[table];
            if (now < before)
            {
                problems.Add($"{table} has {now} rows, baseline {before} ({before - now} lost)");
            }
        }

        if (baseline.LatestAudit is { } auditBefore && (latest is null || latest < auditBefore))
        {
            problems.Add($"latest audit_logs.created_at went back from {auditBefore:O} to {(latest is { } l ? l.ToString("O", CultureInfo.InvariantCulture) : "none")}");
        }

        var summary = string.Join(", ", counts.Select(c => $"{c.Key} {baseline.Counts[c.Key]}->{c.Value}"));
        if (problems.Count > 0)
        {
            return OperationOutcome.Failure($"baseline check of {target.Endpoint} failed: {string.Join("; ", problems)}");
        }

        // The audit-log RPO: how far the newest audit row here lags the newest one known to have been written before the
        // loss. Rows in the baseline are checked above; acknowledged-at extends the reference past the baseline's capture.
        var reference = baseline.LatestAudit;
        if (request.Inputs.GetValueOrDefault("acknowledged-at") is { Length: > 0 } acknowledgedText)
        {
            if (!DateTimeOffset.TryParse(acknowledgedText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var acknowledged))
            {
                return OperationOutcome.Failure($"postgres: input 'acknowledged-at' is '{acknowledgedText}'; expected an ISO 8601 time");
            }

            reference = reference is { } r && r > acknowledged ? r : acknowledged;
        }

        var gap = reference is { } newest ? Math.Max(0, (newest - (latest ?? DateTimeOffset.MinValue)).TotalSeconds) : 0;
        var rpo = latest is null && reference is not null ? "" : gap.ToString("0.###", CultureInfo.InvariantCulture);
        request.Context.Log.Write($"baseline verified on {target.Endpoint}: {summary}; audit-log RPO {(rpo.Length > 0 ? rpo + " s" : "unknown (no audit row here)")}");
        return OperationOutcome.Success(new Dictionary<string, string>
        {
            ["verified"] = "true",
            ["detail"] = summary,
            ["latest_audit_at"] = latest is { } l2 ? l2.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) : "",
            ["rpo_audit_s"] = rpo,
        });
    }

    private static async Task<IReadOnlyDictionary<string, long>> CountAsync(NpgsqlConnection connection, IReadOnlyList<string> tables, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            counts[table] = await ScalarAsync<long>(connection, $"select count(*) from {table}", cancellationToken);
        }

        return counts;
    }

    private static async Task<DateTimeOffset?> LatestAuditAsync(NpgsqlConnection connection, IReadOnlyList<string> tables, CancellationToken cancellationToken)
    {
        if (!tables.Contains("audit_logs"))
        {
            return null;
        }

        await using var command = new NpgsqlCommand("select max(created_at) from audit_logs", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime latest
            ? new DateTimeOffset(DateTime.SpecifyKind(latest, DateTimeKind.Utc))
            : null;
    }
}
