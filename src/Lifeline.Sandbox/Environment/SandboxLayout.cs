namespace Lifeline.Sandbox.Environment;

/// <summary>Where everything lives under the sandbox directory.</summary>
internal sealed record SandboxLayout(string Root)
{
    public string StateFile => Path.Combine(Root, "sandbox.json");

    public string EnvironmentFile => Path.Combine(Root, "sandbox.env");

    /// <summary>The sandbox's own secrets (passwords it generated); a file-secrets component named <c>secrets</c> shares it.</summary>
    public string Secrets => Path.Combine(Root, "secrets");

    public string Logs => Path.Combine(Root, "logs");

    public string Run => Path.Combine(Root, "run");

    public string Home => Path.Combine(Root, "home");

    /// <summary>A component's own directory: <c>&lt;root&gt;/&lt;component&gt;</c>, e.g. a member's data directory below it.</summary>
    public string Component(string name) => Path.Combine(Root, name);

    public string Secret(string name) => Path.Combine(Secrets, name);

    public string Log(string name) => Path.Combine(Logs, name + ".log");

    public string PidFile(string name) => Path.Combine(Run, name + ".pid");
}
