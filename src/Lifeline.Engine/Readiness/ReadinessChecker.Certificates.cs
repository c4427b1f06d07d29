using System.Globalization;
using Lifeline.Core.Estates;
using Lifeline.Core.Vocabulary;

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
        // A declared certificate (certificate.status: ACM, or the file a load balancer serves) is the DR one; the DR
        // endpoints' public names resolve to the primary until failover, so their handshake is only the fallback.
        var managed = context.Estate.Resources
            .Where(r => AtDrSite(context.Estate, r) && r.BindingFor(context.Profile) is { } b && CanProbe(b, Operations.Certificate.Status.Name))
            .ToList();
        if (managed.Count > 0)
        {
            var checks = await Task.WhenAll(managed.Select(r => ManagedCertificateAsync(context, r, cancellationToken)));
            return Verdict(ReadinessItemKind.Certificates, name, checks);
        }

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

    private async Task<(ReadinessStatus, string)> ManagedCertificateAsync(CheckContext context, Resource resource, CancellationToken cancellationToken)
    {
        var minDays = context.Options.CertificateMinDays;
        var (seen, problem) = await ProbeAsync(context, resource, new ResourceMonitor("certificate", false, new Dictionary<string, string>(), resource.Location), cancellationToken);
        if (seen is null || seen.Field("status").Length == 0)
        {
            return (ReadinessStatus.NotChecked, $"{resource.Id}: cannot probe: {problem ?? seen?.Detail}");
        }

        var status = seen.Field("status");
        var days = long.TryParse(seen.Field("days_left"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d) ? d : (long?)null;
        var domain = seen.Field("domain");
        if (status != "ISSUED")
        {
            return (ReadinessStatus.Fail, $"{resource.Id}: certificate for {domain} is {status}{(days is { } left ? $" ({left} days left)" : "")}");
        }

        return days is { } n && n >= minDays
            ? (ReadinessStatus.Pass, $"{resource.Id}: {n} days left ({domain})")
            : (ReadinessStatus.Fail, $"{resource.Id}: certificate for {domain} expires in {days?.ToString(CultureInfo.InvariantCulture) ?? "?"} days (minimum {minDays.ToString(CultureInfo.InvariantCulture)})");
    }
}
