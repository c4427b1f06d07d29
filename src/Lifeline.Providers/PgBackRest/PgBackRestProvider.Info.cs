using System.Globalization;
using System.Text.Json;
using Lifeline.Core.Providers;
using Lifeline.Providers.Inputs;
using Lifeline.Providers.ObjectStores;

namespace Lifeline.Providers.PgBackRest;

internal sealed partial class PgBackRestProvider
{
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(24);

    /// <summary>
    /// backup.status from <c>pgbackrest info</c>: the stanza is the vault, its backups the recovery points. pgBackRest lists
    /// only backups that finished (a failed one leaves nothing to restore), so failed counts those it marks in error.
    /// </summary>
    private async Task<ProbeOutcome> StatusAsync(PgBackRestTarget target, ProbeRequest request, CancellationToken cancellationToken)
    {
        var inputs = new InputReader(Name, "input", request.Inputs);
        var within = inputs.Duration("within", DefaultWindow);
        if (inputs.Error is { } inputError)
        {
            return ProbeOutcome.Invalid(inputError);
        }

        var (exitCode, output) = await RunAsync(target, ["--output=json", "info"], cancellationToken);
        if (exitCode != 0)
        {
            return ProbeOutcome.Invalid($"pgbackrest info of stanza {target.Stanza} failed ({exitCode}): {LastLine(output)}");
        }

        JsonElement stanza;
        try
        {
            using var document = JsonDocument.Parse(output);
            stanza = document.RootElement.EnumerateArray().FirstOrDefault(s => s.GetProperty("name").GetString() == target.Stanza).Clone();
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return ProbeOutcome.Invalid($"pgbackrest info of stanza {target.Stanza} printed what is not its JSON: {exception.Message}");
        }

        // Status 1 (missing stanza path) and 3 (missing stanza data): the repository has no such stanza.
        var code = stanza.ValueKind == JsonValueKind.Object ? stanza.GetProperty("status").GetProperty("code").GetInt32() : 1;
        var backups = code is 1 or 3 || !stanza.TryGetProperty("backup", out var list)
            ? []
            : list.EnumerateArray().Select(b => (
                Started: DateTimeOffset.FromUnixTimeSeconds(b.GetProperty("timestamp").GetProperty("start").GetInt64()),
                Stopped: DateTimeOffset.FromUnixTimeSeconds(b.GetProperty("timestamp").GetProperty("stop").GetInt64()),
                Error: b.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.True)).ToList();
        var now = time.GetUtcNow();
        var recent = backups.Where(b => b.Started >= now - within).ToList();
        var good = backups.Where(b => !b.Error).ToList();
        var latest = good.Count > 0 ? good.Max(b => b.Stopped) : (DateTimeOffset?)null;
        request.Context.Log.Write($"pgbackrest stanza {target.Stanza}: status {code}, {backups.Count} backups, newest completed {(latest is { } at ? at.ToString("O", CultureInfo.InvariantCulture) : "none")}");
        return ProbeOutcome.Observed(new Dictionary<string, string>
        {
            ["vault_exists"] = code is 1 or 3 ? "false" : "true",
            ["recovery_points"] = good.Count.ToString(CultureInfo.InvariantCulture),
            ["jobs"] = recent.Count.ToString(CultureInfo.InvariantCulture),
            ["completed"] = recent.Count(b => !b.Error).ToString(CultureInfo.InvariantCulture),
            ["failed"] = recent.Count(b => b.Error).ToString(CultureInfo.InvariantCulture),
            ["latest_completed_at"] = latest?.ToString("O", CultureInfo.InvariantCulture) ?? "",
            ["latest_age_s"] = latest is { } newest ? Math.Max(0, (now - newest).TotalSeconds).ToString("0.###", CultureInfo.InvariantCulture) : "",
        });
    }

    /// <summary>object.list from <c>pgbackrest repo-ls</c>: the repository's files under a path (default the stanza's backups).</summary>
    private async Task<ProbeOutcome> ListAsync(PgBackRestTarget target, ProbeRequest request, CancellationToken cancellationToken)
    {
        var inputs = new InputReader(Name, "input", request.Inputs);
        var prefix = inputs.Text("prefix", $"backup/{target.Stanza}").Trim('/');
        var max = inputs.Integer("max", 1000, 1);
        if (inputs.Error is { } inputError)
        {
            return ProbeOutcome.Invalid(inputError);
        }

        var (exitCode, output) = await RunAsync(target, ["--output=json", "--recurse", "repo-ls", prefix], cancellationToken);
        if (exitCode != 0)
        {
            request.Context.Log.Write($"pgbackrest repo-ls {prefix} failed ({exitCode}): {LastLine(output)}");
            return ProbeOutcome.Observed(FileRecoveryPoint.Unreachable());
        }

        List<(string Key, DateTimeOffset Time)> files;
        try
        {
            using var document = JsonDocument.Parse(output);
            files = [.. document.RootElement.EnumerateObject()
                .Where(e => e.Value.GetProperty("type").GetString() == "file")
                .Select(e => ($"{prefix}/{e.Name}", DateTimeOffset.FromUnixTimeSeconds(e.Value.GetProperty("time").GetInt64())))];
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return ProbeOutcome.Invalid($"pgbackrest repo-ls {prefix} printed what is not its JSON: {exception.Message}");
        }

        var counted = files.Take(max).ToList();
        var newest = counted.OrderByDescending(f => f.Time).FirstOrDefault();
        var outputs = new Dictionary<string, string>
        {
            ["reachable"] = "true",
            ["count"] = counted.Count.ToString(CultureInfo.InvariantCulture),
            ["truncated"] = files.Count > max ? "true" : "false",
            ["newest_key"] = newest.Key ?? "",
            ["newest_age_s"] = newest.Key is null ? "" : Math.Max(0, (time.GetUtcNow() - newest.Time).TotalSeconds).ToString("0.###", CultureInfo.InvariantCulture),
        };
        var (lostAt, lostAtError) = FileRecoveryPoint.LostAt(request.Inputs, time.GetUtcNow());
        if (lostAtError is not null)
        {
            return ProbeOutcome.Invalid(lostAtError!);
        }

        FileRecoveryPoint.Add(outputs, newest.Key is null ? null : newest.Time, lostAt);
        return ProbeOutcome.Observed(outputs);
    }
}
