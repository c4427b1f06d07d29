using System.Globalization;
using Lifeline.Core.Estates;

namespace Lifeline.Engine.Readiness;

public sealed partial class ReadinessChecker
{
    /// <summary>
    /// Every https endpoint in the DR region (and every DR resource with a tls probe) presents a certificate valid for at
    /// least <see cref="ReadinessOptions.CertificateMinDays"/> more days: a failover onto an expired certificate is an outage.
    /// </summary>
    private async Task<ReadinessItem> CertificatesAsync(CheckContext context, CancellationToken cancellationToken)
    {
        const string name = "Certificates valid in the DR region";
        var targets = new List<(Resource Resource, ResourceMonitor Monitor)>();
        foreach (var resource in context.Estate.Resources.Where(r => AtDrSite(context.Estate, r)))
        {
            var minDays = context.Options.CertificateMinDays.ToString(CultureInfo.InvariantCulture);
            if (resource.Monitor is { Probe: "tls" } own)
            {
                var with = new Dictionary<string, string>(own.With, StringComparer.Ordinal);
                with.TryAdd("min-days", minDays);
                targets.Add((resource, own with { With = with }));
            }
            else if (resource.BindingFor(context.Profile)?.Settings.GetValueOrDefault("url") is { } url
                && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps)
            {
                var with = new Dictionary<string, string> { ["host"] = uri.Host, ["port"] = uri.Port.ToString(CultureInfo.InvariantCulture), ["min-days"] = minDays };
                targets.Add((resource, new ResourceMonitor("tls", false, with, resource.Location)));
            }
        }

        if (targets.Count == 0)
        {
            return Item(ReadinessItemKind.Certificates, name, ReadinessStatus.NotChecked, $"no DR endpoint serves https (or has a tls probe) in {context.Profile}");
        }

        var lines = await Task.WhenAll(targets.Select(async t =>
        {
            var (seen, problem) = await ProbeAsync(context, t.Resource, t.Monitor, cancellationToken);
            return seen switch
            {
                null => (ReadinessStatus.NotChecked, $"{t.Resource.Id}: cannot probe: {problem}"),
                { Healthy: true } => (ReadinessStatus.Pass, $"{t.Resource.Id}: {seen.Field("days_left")} days left ({seen.Field("subject")})"),
                _ => (ReadinessStatus.Fail, $"{t.Resource.Id}: {(seen.Field("error").Length > 0 ? seen.Field("error") : seen.Detail)}"),
            };
        }));
        return Verdict(ReadinessItemKind.Certificates, name, lines);
    }
}
