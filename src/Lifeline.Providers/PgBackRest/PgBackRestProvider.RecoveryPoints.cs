using System.Globalization;
using System.Text.Json;
using Lifeline.Core.Providers;
using Lifeline.Providers.Inputs;

namespace Lifeline.Providers.PgBackRest;

internal sealed partial class PgBackRestProvider
{
    private static readonly TimeSpan DefaultEventWindow = TimeSpan.FromMinutes(60);

    /// <summary>
    /// database.snapshots from <c>pgbackrest info</c>: the stanza's finished backups are the recovery points a restore
    /// starts from, as an RDS instance's snapshots are; the latest is the newest backup's label and stop time.
    /// </summary>
    private async Task<ProbeOutcome> SnapshotsAsync(PgBackRestTarget target, ProbeRequest request, CancellationToken cancellationToken)
    {
        var (backups, error) = await BackupsAsync(target, cancellationToken);
        if (backups is null)
        {
            return ProbeOutcome.Invalid(error!);
        }

        var good = backups.Where(b => !b.Error).OrderBy(b => b.Stopped).ToList();
        var latest = good.LastOrDefault();
        request.Context.Log.Write($"pgbackrest stanza {target.Stanza}: {good.Count} finished backups, newest {latest.Label ?? "none"}");
        return ProbeOutcome.Observed(new Dictionary<string, string>
        {
            ["count"] = good.Count.ToString(CultureInfo.InvariantCulture),
            ["latest"] = latest.Label ?? "",
            ["latest_at"] = latest.Label is null ? "" : latest.Stopped.ToString("O", CultureInfo.InvariantCulture),
            ["latest_age_s"] = latest.Label is null ? "" : Math.Max(0, (time.GetUtcNow() - latest.Stopped).TotalSeconds).ToString("0.###", CultureInfo.InvariantCulture),
        });
    }

    /// <summary>
    /// database.events from <c>pgbackrest info</c>: the backups that started or finished in the window, which is what
    /// pgBackRest knows of the database's history (RDS's event list holds its backups too). It sees no failovers, so
    /// failover_completed is always false.
    /// </summary>
    private async Task<ProbeOutcome> EventsAsync(PgBackRestTarget target, ProbeRequest request, CancellationToken cancellationToken)
    {
        var inputs = new InputReader(Name, "input", request.Inputs);
        var duration = inputs.Duration("duration", DefaultEventWindow);
        if (inputs.Error is { } inputError)
        {
            return ProbeOutcome.Invalid(inputError);
        }

        var (backups, error) = await BackupsAsync(target, cancellationToken);
        if (backups is null)
        {
            return ProbeOutcome.Invalid(error!);
        }

        var since = time.GetUtcNow() - duration;
        var events = backups
            .SelectMany(b => (IEnumerable<(DateTimeOffset At, string Message)>)[(b.Started, $"backup {b.Label} started"), (b.Stopped, b.Error ? $"backup {b.Label} finished in error" : $"backup {b.Label} finished")])
            .Where(e => e.At >= since)
            .OrderBy(e => e.At)
            .ToList();
        var latest = events.LastOrDefault();
        request.Context.Log.Write($"pgbackrest stanza {target.Stanza}: {events.Count} events since {since.ToString("O", CultureInfo.InvariantCulture)}");
        return ProbeOutcome.Observed(new Dictionary<string, string>
        {
            ["count"] = events.Count.ToString(CultureInfo.InvariantCulture),
            ["latest"] = latest.Message ?? "",
            ["latest_at"] = latest.Message is null ? "" : latest.At.ToString("O", CultureInfo.InvariantCulture),
            ["failover_completed"] = "false",
        });
    }

    private async Task<(IReadOnlyList<(string Label, DateTimeOffset Started, DateTimeOffset Stopped, bool Error)>? Backups, string? Error)> BackupsAsync(
        PgBackRestTarget target, CancellationToken cancellationToken)
    {
        var (exitCode, output) = await RunAsync(target, ["--output=json", "info"], cancellationToken);
        if (exitCode != 0)
        {
            return (null, $"pgbackrest info of stanza {target.Stanza} failed ({exitCode}): {LastLine(output)}");
        }

        try
        {
            using var document = JsonDocument.Parse(output);
            var stanza = document.RootElement.EnumerateArray().FirstOrDefault(s => s.GetProperty("name").GetString() == target.Stanza);
            if (stanza.ValueKind != JsonValueKind.Object || !stanza.TryGetProperty("backup", out var list))
            {
                return ([], null);
            }

            return ([.. list.EnumerateArray().Select(b => (
                b.GetProperty("label").GetString() ?? "",
                DateTimeOffset.FromUnixTimeSeconds(b.GetProperty("timestamp").GetProperty("start").GetInt64()),
                DateTimeOffset.FromUnixTimeSeconds(b.GetProperty("timestamp").GetProperty("stop").GetInt64()),
                b.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.True))], null);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return (null, $"pgbackrest info of stanza {target.Stanza} printed what is not its JSON: {exception.Message}");
        }
    }
}
