using Lifeline.Sandbox.Environment;

namespace Lifeline.Cli.Hosting;

/// <summary>
/// What <c>${{ env.NAME }}</c> and default secrets read: the process environment, then the running sandbox's
/// <c>sandbox.env</c>, so sandbox-profile runs and resumes work without sourcing it by hand.
/// </summary>
internal static class RunEnvironment
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Sandbox = new(() =>
    {
        var file = Path.Combine(SandboxOptions.DirectoryFromEnvironment(), "sandbox.env");
        if (!File.Exists(file))
        {
            return new Dictionary<string, string>();
        }

        return File.ReadAllLines(file)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
    });

    public static string? Get(string name) =>
        Environment.GetEnvironmentVariable(name) ?? Sandbox.Value.GetValueOrDefault(name);
}
