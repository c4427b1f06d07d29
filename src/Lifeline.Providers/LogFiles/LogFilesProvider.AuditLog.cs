using System.Globalization;
using System.Text.RegularExpressions;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Inputs;

namespace Lifeline.Providers.LogFiles;

internal sealed partial class LogFilesProvider
{
    /// <summary>
    /// audit-log.lookup over access logs (a database server's connection log, a web server's access log): the lines
    /// naming the attribute's value, newest first, as CloudTrail's events for a user or key. Any attribute is matched
    /// as text, since a log line has no typed fields; an event's name is the message before its first colon after the
    /// severity (PostgreSQL's "connection authorized", "password authentication failed for user …").
    /// </summary>
    private async Task<OperationOutcome> LookupAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        var settings = new InputReader("log-files", "setting", request.Settings);
        var directory = settings.Required("dir");
        var prefix = settings.Text("prefix", "");
        var inputs = new InputReader("log-files", "input", request.Inputs);
        var attribute = inputs.Required("attribute");
        var value = inputs.Required("value");
        var within = inputs.Duration("within", TimeSpan.FromHours(24));
        var max = inputs.Integer("max", 50, 1, 10_000);
        if ((settings.Error ?? inputs.Error) is { } error)
        {
            return OperationOutcome.Failure(error);
        }

        if (!Directory.Exists(directory))
        {
            return OperationOutcome.Failure($"log-files: directory {directory} does not exist");
        }

        var since = time.GetUtcNow() - within;
        var found = new List<string>();
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles($"{prefix}*").Where(f => f.LastWriteTimeUtc >= since.UtcDateTime).OrderBy(f => f.LastWriteTimeUtc))
        {
            await foreach (var line in File.ReadLinesAsync(file.FullName, cancellationToken))
            {
                if (line.Contains(value, StringComparison.Ordinal))
                {
                    found.Add($"{file.Name}: {(line.Length > LineLimit ? line[..LineLimit] : line)}");
                }
            }
        }

        var kept = found.TakeLast(max).Reverse().ToList();
        var names = kept.Select(l => EventName().Match(l)).Where(m => m.Success).Select(m => m.Groups["name"].Value.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var latest = kept.Select(l => Timestamp().Match(l)).FirstOrDefault(m => m.Success);
        request.Context.Log.Write($"log-files: {found.Count} lines naming {attribute} '{value}' in {directory}");
        return OperationOutcome.Success(new Dictionary<string, string>
        {
            ["count"] = kept.Count.ToString(CultureInfo.InvariantCulture),
            ["latest_at"] = latest is not null && DateTimeOffset.TryParse(latest.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) : "",
            ["event_names"] = string.Join(',', names),
            [Operations.EvidenceOutput] = string.Join('\n', kept),
        });
    }

    [GeneratedRegex(@"\b(?:LOG|FATAL|ERROR|WARNING):\s+(?<name>[^:""]+)")]
    private static partial Regex EventName();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?")]
    private static partial Regex Timestamp();
}
