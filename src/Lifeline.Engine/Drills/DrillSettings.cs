namespace Lifeline.Engine.Drills;

/// <summary>A drill environment's settings (name → value), or one line saying why there are none.</summary>
public sealed record DrillSettings(IReadOnlyDictionary<string, string> Values, string? Error)
{
    public bool Succeeded => Error is null;

    public static DrillSettings Ok(IReadOnlyDictionary<string, string> values) => new(values, null);

    public static DrillSettings Fail(string error) => new(new Dictionary<string, string>(), error);

    /// <summary>What <c>${{ env.NAME }}</c> reads in a drill: the environment's settings, then the process environment.</summary>
    public Func<string, string?> Over(Func<string, string?> environment) =>
        name => Values.TryGetValue(name, out var value) ? value : environment(name);
}
