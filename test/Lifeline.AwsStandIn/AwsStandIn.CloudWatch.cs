using System.Globalization;
using System.Xml.Linq;

namespace Lifeline.AwsStandIn;

public sealed partial class AwsStandIn
{
    private readonly Dictionary<(string Namespace, string Metric), double[]> _metrics = [];
    private readonly Dictionary<string, (string State, string Reason)> _alarms = new(StringComparer.Ordinal);

    /// <summary>A metric's datapoints, oldest first, one per period ending at the request's end time.</summary>
    public void SetMetric(string ns, string metric, params double[] values)
    {
        lock (_lock)
        {
            _metrics[(ns, metric)] = values;
        }
    }

    public void SetAlarm(string name, string state, string reason)
    {
        lock (_lock)
        {
            _alarms[name] = (state, reason);
        }
    }

    private Reply CloudWatch(ServiceModel model, string operation, Dictionary<string, string> p)
    {
        switch (operation)
        {
            case "GetMetricStatistics":
            {
                var statistic = p.GetValueOrDefault("Statistics.member.1", "Average");
                var points = Points(p["Namespace"], p["MetricName"], p["EndTime"], p["Period"]);
                return QueryResult(model, operation,
                    new XElement("Label", p["MetricName"]),
                    new XElement("Datapoints", points.Select(d => new XElement("member",
                        new XElement("Timestamp", Iso(d.At)),
                        new XElement(statistic, d.Value.ToString(CultureInfo.InvariantCulture)),
                        new XElement("Unit", "Seconds")))));
            }

            case "GetMetricData":
            {
                const string Stat = "MetricDataQueries.member.1.MetricStat.";
                var points = Points(p[Stat + "Metric.Namespace"], p[Stat + "Metric.MetricName"], p["EndTime"], p[Stat + "Period"]);
                // Newest first: get-metric-data's default order (TimestampDescending).
                points.Reverse();
                return QueryResult(model, operation,
                    new XElement("MetricDataResults", new XElement("member",
                        new XElement("Id", p["MetricDataQueries.member.1.Id"]),
                        new XElement("Label", p[Stat + "Metric.MetricName"]),
                        new XElement("Timestamps", points.Select(d => new XElement("member", Iso(d.At)))),
                        new XElement("Values", points.Select(d => new XElement("member", d.Value.ToString(CultureInfo.InvariantCulture)))),
                        new XElement("StatusCode", "Complete"))),
                    new XElement("Messages"));
            }

            case "DescribeAlarms":
            {
                var names = p.Where(kv => kv.Key.StartsWith("AlarmNames.member.", StringComparison.Ordinal)).Select(kv => kv.Value).ToHashSet(StringComparer.Ordinal);
                return QueryResult(model, operation,
                    new XElement("MetricAlarms", _alarms.Where(a => names.Count == 0 || names.Contains(a.Key)).Select(a => new XElement("member",
                        new XElement("AlarmName", a.Key),
                        new XElement("StateValue", a.Value.State),
                        new XElement("StateReason", a.Value.Reason),
                        new XElement("StateUpdatedTimestamp", "2026-12-01T00:00:00Z")))),
                    new XElement("CompositeAlarms"));
            }

            default:
                return Error(model, 501, "NotImplementedByStandIn", $"the stand-in does not answer cloudwatch:{operation}");
        }
    }

    private List<(DateTimeOffset At, double Value)> Points(string ns, string metric, string end, string period)
    {
        var values = _metrics.GetValueOrDefault((ns, metric), []);
        var last = DateTimeOffset.Parse(end, CultureInfo.InvariantCulture);
        var step = TimeSpan.FromSeconds(int.Parse(period, CultureInfo.InvariantCulture));
        return [.. values.Select((v, i) => (last - (step * (values.Length - i)), v))];
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
