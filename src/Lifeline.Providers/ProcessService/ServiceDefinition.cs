namespace Lifeline.Providers.ProcessService;

/// <summary>
/// How to run one instance of a process service (the ECS task definition stand-in), stored as
/// <c>&lt;dir&gt;/services/&lt;name&gt;/service.json</c>. <see cref="Arguments"/> may contain <c>{address}</c> and
/// <c>{port}</c>; instance <c>i</c> listens on <c>Addresses[i]</c>:<see cref="Port"/>. <see cref="Revision"/> counts the
/// changes of its environment (a function's configuration updates).
/// </summary>
internal sealed record ServiceDefinition(
    string Name,
    string Site,
    string FileName,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> Addresses,
    int Port,
    string HealthPath,
    string LogDirectory,
    RunAsUser? RunAs,
    int Revision = 1)
{
    public IReadOnlyList<string> ArgumentsFor(string address) =>
        [.. Arguments.Select(a => a.Replace("{address}", address, StringComparison.Ordinal)
            .Replace("{port}", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))];

    /// <summary>What identifies an instance's process in /proc/PID/cmdline.</summary>
    public string MarkerFor(string address) => $"{address}:{Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public Uri HealthUrl(string address) => new($"http://{address}:{Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}{HealthPath}");
}
