namespace Lifeline.Core.Providers;

/// <summary>The providers a validation or run may name.</summary>
public interface IProviderCatalog
{
    IReadOnlyCollection<ProviderDescriptor> Descriptors { get; }

    ProviderDescriptor? Find(string name);
}
