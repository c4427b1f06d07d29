namespace Lifeline.Core.Estates.Sandbox;

/// <summary>Finds the functions a sandbox gateway can route to among the estate's resources (<see cref="SandboxTopology.Functions"/>).</summary>
public static class SandboxFunctionTargets
{
    /// <summary>
    /// One target per resource with a binding naming <c>function</c> and <c>region</c> (the production function) and another
    /// naming <c>service</c> (its sandbox process service). Settings holding expressions are left out: a name must be literal.
    /// </summary>
    public static IReadOnlyList<SandboxFunctionTarget> Of(IEnumerable<Resource> resources) =>
    [
        .. from resource in resources
           let named = resource.Bindings.Values.FirstOrDefault(b => Literal(b, "function") is not null && Literal(b, "region") is not null)
           let local = resource.Bindings.Values.FirstOrDefault(b => Literal(b, "service") is not null)
           where named is not null && local is not null
           select new SandboxFunctionTarget(Literal(named, "region")!, Literal(named, "function")!, Literal(local, "service")!),
    ];

    private static string? Literal(Binding binding, string key) =>
        binding.Settings.GetValueOrDefault(key) is { Length: > 0 } value && !value.Contains("${{", StringComparison.Ordinal) ? value : null;
}
