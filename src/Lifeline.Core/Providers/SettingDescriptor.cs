namespace Lifeline.Core.Providers;

/// <summary>
/// A binding setting a provider reads. <see cref="RequiredFor"/> names the operations and probes that cannot run without
/// it; <see cref="Always"/> means all of them. Validation reports a binding that lacks one a step needs.
/// </summary>
public sealed record SettingDescriptor(string Name, string Description, bool Always, IReadOnlyList<string> RequiredFor)
{
    public static SettingDescriptor Required(string name, string description) => new(name, description, true, []);

    public static SettingDescriptor Optional(string name, string description) => new(name, description, false, []);

    public static SettingDescriptor RequiredBy(string name, string description, params string[] operations) => new(name, description, false, operations);

    public bool IsRequiredFor(string operationOrProbe) => Always || RequiredFor.Contains(operationOrProbe);
}
