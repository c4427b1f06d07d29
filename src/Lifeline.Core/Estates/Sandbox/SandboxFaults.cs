namespace Lifeline.Core.Estates.Sandbox;

/// <summary>
/// The fault words <c>lifeline sandbox fault</c> dispatches and drill scenarios may name, with what each is aimed at.
/// The sandbox has one case per word and a test keeps the two lists equal: a new fault is a row here and a case there.
/// </summary>
public static class SandboxFaults
{
    public static readonly IReadOnlyList<SandboxFaultShape> All =
    [
        new("kill-site", SandboxFaultTarget.Site, "SIGKILL of every process and service instance in the site."),
        new("kill", SandboxFaultTarget.Resource, "SIGKILL of a database member's server (by process or estate resource), or of a process service's instances."),
        new("pause", SandboxFaultTarget.Resource, "SIGSTOP of a database server: it hangs without closing connections."),
        new("resume", SandboxFaultTarget.Resource, "SIGCONT of a paused database server."),
        new("zombie", SandboxFaultTarget.Resource, "Restart a killed old primary as it was, writable (the split-brain fault)."),
        new("partition-site", SandboxFaultTarget.Site, "Drop every packet between the site's addresses and the rest (nftables)."),
        new("primary-site", SandboxFaultTarget.None, "kill-site of the first database's primary member's site."),
        new("primary-db", SandboxFaultTarget.None, "kill of the first database's primary member."),
        new("primary-portal", SandboxFaultTarget.None, "SIGKILL of the service instances in the first database's primary site."),
        new("pause-primary-db", SandboxFaultTarget.None, "pause of the first database's primary member."),
        new("resume-primary-db", SandboxFaultTarget.None, "resume of the first database's primary member."),
        new("zombie-primary", SandboxFaultTarget.None, "zombie of the first database's primary member."),
        new("delete-rows", SandboxFaultTarget.Resource, "Delete every study and patient on a database member in one transaction (the point-in-time recovery fault)."),
        new("deploy-broken", SandboxFaultTarget.Resource, "Register and deploy a revision of a process service that fails its health check (a bad release)."),
        new("breach", SandboxFaultTarget.Site, "A simulated intrusion: an intruder's file on the volume of each process service in the site."),
        new("upstream-down", SandboxFaultTarget.Resource, "An upstream component's API answers 503 in one site (COMPONENT-SITE, e.g. bedrock-eu-west-1) or in all (COMPONENT), its process still up."),
        new("upstream-up", SandboxFaultTarget.Resource, "Ends an upstream-down outage."),
        new("leak-credential", SandboxFaultTarget.Resource, "A leaked credential in use: a login role leaked_key on a database member, its password in leaked-credential.json, used once to read patients."),
        new("restore-site", SandboxFaultTarget.Site, "A lost site comes back: its stopped infrastructure (object stores) starts again; databases return only through reprotect, services stay at their scale."),
    ];

    public static IReadOnlyList<string> Words => [.. All.Select(f => f.Word)];

    public static SandboxFaultShape? Find(string word) => All.FirstOrDefault(f => f.Word == word);
}
