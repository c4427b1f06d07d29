namespace Lifeline.Core.Providers;

/// <summary>A probe's contract: its inputs and the observation fields a check can set expectations on.</summary>
public sealed record ProbeDescriptor(string Name, string Description, IReadOnlyList<ParameterDescriptor> Inputs, IReadOnlyList<FieldDescriptor> Fields)
{
    public IEnumerable<string> FieldNames => Fields.Select(f => f.Name);

    public FieldDescriptor? FindField(string name) => Fields.FirstOrDefault(f => f.Name == name);
}
