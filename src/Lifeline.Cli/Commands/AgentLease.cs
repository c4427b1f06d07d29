using Lifeline.Cli.Hosting;
using Lifeline.Core.Time;
using Lifeline.Engine.Monitoring;
using Lifeline.Engine.Monitoring.Remote;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Cli.Commands;

/// <summary><c>lifeline agent --lease</c>: the self-fencing lease from the command line's options.</summary>
internal static class AgentLease
{
    public static (SelfFencingLease? Lease, string? Problem) Build(CliServices services,
        IReadOnlyList<ProbeCall> calls, string? resource, string ttlText, string method, IReadOnlyList<string> local, IProgress<string> progress)
    {
        if (resource is null)
        {
            return local.Count > 0 ? (null, "--local needs --lease: it describes how this site reaches the leased database") : (null, null);
        }

        if (calls.FirstOrDefault(c => c.Resource == resource) is not { } call)
        {
            return (null, $"--lease '{resource}' is not a monitored resource of the estate; expected one of: {string.Join(", ", calls.Select(c => c.Resource).Distinct())}");
        }

        if (call.Probe != Operations.Database.Status.Name)
        {
            return (null, $"--lease '{resource}' is not a database (its probe is {call.Probe}); expected a database with a database.status monitor");
        }

        if (!DurationText.TryParse(ttlText, out var ttl) || ttl < TimeSpan.FromMilliseconds(500))
        {
            return (null, $"--lease-ttl '{ttlText}' is not a usable lease; expected {DurationText.Expected}, at least 500ms");
        }

        var settings = new Dictionary<string, string>(call.Settings, StringComparer.Ordinal);
        foreach (var pair in local)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return (null, $"--local '{pair}' is not SETTING=VALUE; expected e.g. host=/var/run/postgresql");
            }

            settings[pair[..equals]] = pair[(equals + 1)..];
        }

        var options = new SelfFencingOptions(call with { Settings = settings }, ttl, method);
        return (new SelfFencingLease(services.Providers, options, services.Time, progress), null);
    }
}
