namespace Lifeline.Sandbox.Environment;

/// <summary>Where everything lives under the sandbox directory.</summary>
internal sealed record SandboxLayout(string Root)
{
    public string StateFile => Path.Combine(Root, "sandbox.json");

    public string EnvironmentFile => Path.Combine(Root, "sandbox.env");

    public string Secrets => Path.Combine(Root, "secrets");

    public string Logs => Path.Combine(Root, "logs");

    public string Run => Path.Combine(Root, "run");

    public string Home => Path.Combine(Root, "home");

    public string PrimaryData => Path.Combine(Root, "pg", "primary");

    public string StandbyData => Path.Combine(Root, "pg", "standby");

    public string PowerDns => Path.Combine(Root, "pdns");

    public string DbEndpointSecret => Path.Combine(Secrets, "db-endpoint");

    public string Secret(string name) => Path.Combine(Secrets, name);

    public string Log(string name) => Path.Combine(Logs, name + ".log");

    public string PidFile(string name) => Path.Combine(Run, name + ".pid");
}
