namespace Lifeline.Core.Providers;

public sealed record ParameterDescriptor(string Name, ParameterType Type, bool IsRequired, string Description)
{
    public static ParameterDescriptor Required(string name, ParameterType type, string description) => new(name, type, true, description);

    public static ParameterDescriptor Optional(string name, ParameterType type, string description) => new(name, type, false, description);
}
