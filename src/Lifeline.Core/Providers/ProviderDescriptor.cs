namespace Lifeline.Core.Providers;

/// <summary>
/// What a provider offers. Validation and dry-run need only this, so providers that cannot run here yet
/// (the AWS family) are described without an implementation (<see cref="CanExecute"/> is false).
/// </summary>
public sealed record ProviderDescriptor(
    string Name,
    string Description,
    IReadOnlyList<OperationDescriptor> Operations,
    IReadOnlyList<ProbeDescriptor> Probes,
    IReadOnlyList<SettingDescriptor> Settings,
    bool CanExecute = true)
{
    public IEnumerable<string> SettingNames => Settings.Select(s => s.Name);

    public OperationDescriptor? FindOperation(string name) => Operations.FirstOrDefault(o => o.Name == name);

    public ProbeDescriptor? FindProbe(string name) => Probes.FirstOrDefault(p => p.Name == name);

    /// <summary>The settings an operation or probe cannot run without.</summary>
    public IEnumerable<SettingDescriptor> RequiredSettings(string operationOrProbe) => Settings.Where(s => s.IsRequiredFor(operationOrProbe));
}
