namespace Lifeline.Providers.ProcessService;

/// <summary>A service's desired, running and healthy instances at one moment.</summary>
internal sealed record ServiceReport(int Desired, IReadOnlyList<ServiceInstance> Running, IReadOnlyList<string> HealthyAddresses)
{
    /// <summary>The revision deployed (0 when not read).</summary>
    public int Revision { get; init; }

    public IReadOnlyDictionary<string, string> ToFields() => new Dictionary<string, string>
    {
        ["desired"] = Desired.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["running"] = Running.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["healthy"] = HealthyAddresses.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["addresses"] = string.Join(',', HealthyAddresses),
        ["revision"] = Revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
