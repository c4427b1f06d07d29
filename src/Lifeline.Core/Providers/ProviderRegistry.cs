namespace Lifeline.Core.Providers;

/// <summary>
/// Every provider a run may use: implementations, plus descriptions of providers that cannot execute here
/// (dry-run and validation still understand them).
/// </summary>
public sealed class ProviderRegistry : IProviderCatalog
{
    private readonly Dictionary<string, IProvider> _implementations;
    private readonly Dictionary<string, ProviderDescriptor> _descriptors;

    public ProviderRegistry(IEnumerable<IProvider> providers, IEnumerable<ProviderDescriptor> describedOnly)
    {
        _implementations = providers.ToDictionary(p => p.Descriptor.Name, StringComparer.Ordinal);
        _descriptors = _implementations.Values.Select(p => p.Descriptor)
            .Concat(describedOnly.Where(d => !_implementations.ContainsKey(d.Name)))
            .ToDictionary(d => d.Name, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<ProviderDescriptor> Descriptors => _descriptors.Values;

    public ProviderDescriptor? Find(string name) => _descriptors.GetValueOrDefault(name);

    public IProvider? Implementation(string name) => _implementations.GetValueOrDefault(name);
}
