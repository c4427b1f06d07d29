using System.Globalization;
using System.Text.Json;

namespace Lifeline.AwsStandIn;

public sealed partial class AwsStandIn
{
    private readonly List<(DateTimeOffset At, string Name, string User, string Source, string Address)> _trail = [];
    private readonly List<(string Group, DateTimeOffset At, string Message)> _logEvents = [];

    public void AddTrailEvent(DateTimeOffset at, string name, string user, string source, string address)
    {
        lock (_lock)
        {
            _trail.Add((at, name, user, source, address));
        }
    }

    public void AddLogEvent(string group, DateTimeOffset at, string message)
    {
        lock (_lock)
        {
            _logEvents.Add((group, at, message));
        }
    }

    private Reply CloudTrail(ServiceModel model, string operation, Dictionary<string, string> p)
    {
        if (operation != "LookupEvents")
        {
            return Error(model, 501, "NotImplementedByStandIn", $"the stand-in does not answer cloudtrail:{operation}");
        }

        var start = p.TryGetValue("StartTime", out var s) ? DateTimeOffset.FromUnixTimeMilliseconds((long)(double.Parse(s, CultureInfo.InvariantCulture) * 1000)) : DateTimeOffset.MinValue;
        var key = p.GetValueOrDefault("LookupAttributes.0.AttributeKey");
        var value = p.GetValueOrDefault("LookupAttributes.0.AttributeValue");
        var events = _trail
            .Where(e => e.At >= start && (key is null || (key switch { "Username" => e.User, "EventName" => e.Name, "EventSource" => e.Source, _ => null }) == value))
            .OrderByDescending(e => e.At)
            .Select((e, i) => new
            {
                EventId = $"event-{i}",
                EventName = e.Name,
                ReadOnly = "false",
                EventTime = e.At.ToUnixTimeSeconds(),
                EventSource = e.Source,
                Username = e.User,
                CloudTrailEvent = JsonSerializer.Serialize(new { eventName = e.Name, sourceIPAddress = e.Address, userIdentity = new { userName = e.User } }),
            }).ToArray();
        return Json(new { Events = events });
    }

    private Reply Logs(ServiceModel model, string operation, Dictionary<string, string> p)
    {
        if (operation != "FilterLogEvents")
        {
            return Error(model, 501, "NotImplementedByStandIn", $"the stand-in does not answer logs:{operation}");
        }

        var group = p["logGroupName"];
        if (_logEvents.All(e => e.Group != group))
        {
            return Error(model, 400, "ResourceNotFoundException", "The specified log group does not exist.");
        }

        var start = p.TryGetValue("startTime", out var s) ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(s, CultureInfo.InvariantCulture)) : DateTimeOffset.MinValue;
        // Only the simplest filter pattern, one term, as a substring: all the tests need.
        var pattern = p.GetValueOrDefault("filterPattern", "").Trim('"');
        var events = _logEvents
            .Where(e => e.Group == group && e.At >= start && e.Message.Contains(pattern, StringComparison.Ordinal))
            .OrderBy(e => e.At)
            .Select((e, i) => new { logStreamName = "2026/12/01/[$LATEST]standin", timestamp = e.At.ToUnixTimeMilliseconds(), message = e.Message, ingestionTime = e.At.ToUnixTimeMilliseconds(), eventId = $"{i}" })
            .ToArray();
        return Json(new { events, searchedLogStreams = Array.Empty<object>() });
    }
}
