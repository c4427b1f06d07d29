using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Aws.Cli;

namespace Lifeline.Providers.Aws.CloudWatch;

/// <summary>
/// Amazon CloudWatch through the AWS CLI: get-metric-statistics for the standard statistics, get-metric-data for
/// percentiles (get-metric-statistics answers those only as extended statistics), describe-alarms for an alarm's state.
/// </summary>
internal sealed partial class AwsCloudWatchProvider(AwsCli cli, TimeProvider time) : IProvider, ICommandPreview, IPreparesAhead
{
    public Task PrepareAsync(CancellationToken cancellationToken) => cli.PrepareAsync(cancellationToken);

    public const string Name = "aws-cloudwatch";
    private static readonly TimeSpan DefaultPeriod = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(1);
    private static readonly HashSet<string> Standard = new(StringComparer.Ordinal) { "Average", "Sum", "Minimum", "Maximum", "SampleCount" };

    public ProviderDescriptor Descriptor { get; } = new(
        Name,
        "Amazon CloudWatch through the AWS CLI: get-metric-statistics, get-metric-data (percentiles), describe-alarms.",
        [],
        Operations.Metrics.Capability.Probes,
        [.. AwsConnection.Settings]);

    public ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AwsOutcomes.UnknownOperation(Name, request.Operation));

    public async ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        var connection = AwsConnection.From(request.Settings);
        if (request.Probe == Operations.Metrics.Alarm.Name)
        {
            if (AwsValues.Setting(request.Inputs, "alarm") is not { } alarm)
            {
                return ProbeOutcome.Invalid($"{Name}: {request.Probe} needs input 'alarm'");
            }

            var described = await cli.RunAsync(DescribeAlarm(alarm), connection, request.Context.Log, cancellationToken);
            if (!described.Succeeded)
            {
                return ProbeOutcome.Invalid(described.Error!);
            }

            var found = described.Output.Items("MetricAlarms").Concat(described.Output.Items("CompositeAlarms")).FirstOrDefault();
            return ProbeOutcome.Observed(new Dictionary<string, string>
            {
                ["exists"] = found.ValueKind == JsonValueKind.Object ? "true" : "false",
                ["state"] = found.ValueKind == JsonValueKind.Object ? found.Text("StateValue") ?? "" : "",
                ["reason"] = found.ValueKind == JsonValueKind.Object ? found.Text("StateReason") ?? "" : "",
                ["updated_at"] = found.ValueKind == JsonValueKind.Object && AwsValues.Time(found, "StateUpdatedTimestamp") is { } at ? AwsValues.Iso(at) : "",
            });
        }

        if (request.Probe != Operations.Metrics.Query.Name)
        {
            return ProbeOutcome.Invalid($"{Name} does not offer probe '{request.Probe}'");
        }

        if (Query.From(request.Inputs, time.GetUtcNow()) is not { } query)
        {
            return ProbeOutcome.Invalid($"{Name}: {request.Probe} needs inputs 'namespace' and 'metric', dimensions as Name=Value pairs, and a statistic among {string.Join(", ", Standard)} or a percentile such as p99");
        }

        var result = await cli.RunAsync(query.Command(), connection, request.Context.Log, cancellationToken);
        if (!result.Succeeded)
        {
            return ProbeOutcome.Invalid(result.Error!);
        }

        List<(DateTimeOffset At, double Value)> points;
        string unit;
        if (query.IsPercentile)
        {
            var series = result.Output.Items("MetricDataResults").FirstOrDefault();
            var stamps = series.ValueKind == JsonValueKind.Object ? series.Items("Timestamps").Select(t => AwsValues.Time(t)).ToList() : [];
            var values = series.ValueKind == JsonValueKind.Object ? series.Items("Values").Select(v => v.GetDouble()).ToList() : [];
            points = [.. stamps.Zip(values).Where(p => p.First is not null).Select(p => (p.First!.Value, p.Second))];
            unit = "";
        }
        else
        {
            var datapoints = result.Output.Items("Datapoints").ToList();
            points = [.. datapoints.Select(d => (At: AwsValues.Time(d, "Timestamp"), Value: d.Element(query.Statistic)))
                .Where(d => d.At is not null && d.Value is { ValueKind: JsonValueKind.Number })
                .Select(d => (d.At!.Value, d.Value!.Value.GetDouble()))];
            unit = datapoints.Select(d => d.Text("Unit")).FirstOrDefault(u => u is not null) ?? "";
        }

        points.Sort((a, b) => a.At.CompareTo(b.At));
        return ProbeOutcome.Observed(new Dictionary<string, string>
        {
            ["datapoints"] = AwsValues.Number(points.Count),
            ["value"] = points.Count > 0 ? AwsValues.Number(points[^1].Value) : "",
            ["max"] = points.Count > 0 ? AwsValues.Number(points.Max(p => p.Value)) : "",
            ["latest_at"] = points.Count > 0 ? AwsValues.Iso(points[^1].At) : "",
            ["unit"] = unit,
        });
    }

    public IReadOnlyList<string> PreviewCommands(OperationRequest request)
    {
        var connection = AwsConnection.From(request.Settings);
        if (request.Operation == Operations.Metrics.Alarm.Name)
        {
            return [DescribeAlarm(request.Inputs.GetValueOrDefault("alarm", "<alarm>")).Preview(connection)];
        }

        return Query.From(request.Inputs, time.GetUtcNow()) is { } query ? [query.Command().Preview(connection)] : [];
    }

    private static AwsCommand DescribeAlarm(string alarm) => AwsCommand.Call("cloudwatch", "describe-alarms", AwsArgument.Option("--alarm-names", alarm));

    [GeneratedRegex(@"^p\d{1,2}(\.\d+)?$")]
    private static partial Regex Percentile();

    /// <summary>One metric query, validated: which CLI operation asks it and with what arguments.</summary>
    private sealed record Query(string Namespace, string Metric, IReadOnlyList<(string Name, string Value)> Dimensions, string Statistic, TimeSpan Period, DateTimeOffset Start, DateTimeOffset End)
    {
        public bool IsPercentile => Percentile().IsMatch(Statistic);

        public static Query? From(IReadOnlyDictionary<string, string> inputs, DateTimeOffset now)
        {
            var ns = AwsValues.Setting(inputs, "namespace");
            var metric = AwsValues.Setting(inputs, "metric");
            var statistic = AwsValues.Setting(inputs, "statistic") ?? "Average";
            if (ns is null || metric is null || (!Standard.Contains(statistic) && !Percentile().IsMatch(statistic)))
            {
                return null;
            }

            var dimensions = new List<(string, string)>();
            foreach (var pair in (AwsValues.Setting(inputs, "dimensions") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    return null;
                }

                dimensions.Add((pair[..equals], pair[(equals + 1)..]));
            }

            var period = AwsValues.Duration(inputs, "period", DefaultPeriod);
            return new Query(ns, metric, dimensions, statistic, period, now - AwsValues.Duration(inputs, "window", DefaultWindow), now);
        }

        public AwsCommand Command()
        {
            var dimensions = Dimensions.Select(d => new { d.Name, d.Value }).ToArray();
            var seconds = ((int)Math.Max(1, Period.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            if (IsPercentile)
            {
                var queries = new[]
                {
                    new { Id = "m1", MetricStat = new { Metric = new { Namespace, MetricName = Metric, Dimensions = dimensions }, Period = (int)Math.Max(1, Period.TotalSeconds), Stat = Statistic }, ReturnData = true },
                };
                return AwsCommand.Call("cloudwatch", "get-metric-data",
                    AwsArgument.Option("--metric-data-queries", AwsValues.Json(queries)),
                    AwsArgument.Option("--start-time", AwsValues.Iso(Start)),
                    AwsArgument.Option("--end-time", AwsValues.Iso(End)));
            }

            List<AwsArgument> arguments = [AwsArgument.Option("--namespace", Namespace), AwsArgument.Option("--metric-name", Metric)];
            if (dimensions.Length > 0)
            {
                arguments.Add(AwsArgument.Option("--dimensions", AwsValues.Json(dimensions)));
            }

            arguments.AddRange([
                AwsArgument.Option("--start-time", AwsValues.Iso(Start)),
                AwsArgument.Option("--end-time", AwsValues.Iso(End)),
                AwsArgument.Option("--period", seconds),
                AwsArgument.Option("--statistics", Statistic)]);
            return AwsCommand.Call("cloudwatch", "get-metric-statistics", [.. arguments]);
        }
    }
}
