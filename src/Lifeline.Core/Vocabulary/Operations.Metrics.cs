using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.FieldDescriptor;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Core.Vocabulary;

public static partial class Operations
{
    /// <summary>Monitoring metrics and alarms (aws-cloudwatch in production).</summary>
    public static class Metrics
    {
        public static readonly ProbeDescriptor Query = new(
            "metrics.query",
            "One metric's statistic over a window: the latest datapoint's value. Percentiles (p99) are asked for with get-metric-data, the others with get-metric-statistics.",
            [Required("namespace", ParameterType.String, "e.g. AWS/ApplicationELB."),
             Required("metric", ParameterType.String, "e.g. TargetResponseTime."),
             Optional("dimensions", ParameterType.String, "Name=Value pairs, comma-separated."),
             Optional("statistic", ParameterType.String, "Average (default), Sum, Minimum, Maximum, SampleCount, or a percentile such as p99."),
             Optional("period", ParameterType.Duration, "Datapoint period (default 5m)."),
             Optional("window", ParameterType.Duration, "How far back to look (default 1h).")],
            [Whole("datapoints", "Datapoints in the window."),
             Decimal("value", "The latest datapoint's value; empty when there is none."),
             Decimal("max", "The highest datapoint's value; empty when there is none."),
             Text("latest_at", "The latest datapoint's time (ISO 8601); empty when there is none."),
             Text("unit", "The unit, e.g. Seconds.")]);

        public static readonly ProbeDescriptor Alarm = new(
            "metrics.alarm",
            "One alarm's state.",
            [Required("alarm", ParameterType.String, "The alarm's name.")],
            [Flag("exists", "Whether the alarm exists."),
             Text("state", "OK, ALARM or INSUFFICIENT_DATA; empty when it does not exist."),
             Text("reason", "Why it is in that state."),
             Text("updated_at", "When it entered that state (ISO 8601).")]);

        public static readonly Capability Capability = new("metrics", "Monitoring metrics and alarm states.", [], [Query, Alarm]);
    }
}
