namespace Lifeline.Core.Estates.Sandbox;

/// <summary>
/// The component kinds a sandbox section may use and the keys each accepts. The sandbox has one builder class per kind
/// and a test keeps the two lists equal; a new kind is a row here and a class there.
/// </summary>
public static class SandboxKinds
{
    public static readonly IReadOnlyList<SandboxKindShape> All =
    [
        new("postgres", "PostgreSQL 15: a primary and streaming replicas (members), same-site or cross-site, sync or async.",
            ["database"], ["user"], Members: true),
        new("portal", "The sample patient portal (Lifeline.Sandbox.Portal) as a process service with instances per site; with uploads (an s3 component and bucket, s3/bucket) each instance stores one upload a second in its site's store.",
            ["database", "secret"], ["uploads"], Instances: true),
        new("powerdns", "PowerDNS authoritative serving one zone; records answer with a service's instance addresses in a site.",
            ["zone"], ["ttl"], Records: true),
        new("file-secrets", "A directory of secret files (the file-secrets provider's store).", [], [], NeedsSite: true),
        new("object-store", "A bucket as a directory (a stub until an S3-compatible store lands).", [], [], NeedsSite: true),
        new("pgbackrest", "Continuous backups with pgBackRest: a repository in its site that a postgres component's primary archives WAL to, and a full backup taken at up.",
            ["database"], ["stanza"], NeedsSite: true),
        new("ehr", "The sample EHR service (the portal app with /ehrbase/rest/status) with instances per site; a site's instances use the database member in that site, else the primary; it also serves HTTPS on a second port with a certificate from the sandbox's CA.",
            ["database", "secret"], [], Instances: true),
        new("upstream", "A provider's API in each site it has an instance in (a model or media service); the upstream-down fault makes a site's API answer 503.",
            [], [], Instances: true),
        new("function", "Serverless function instances per site (process services) that call the upstream of the region their variable names.",
            ["upstream", "variable"], [], Instances: true),
        new("meetings", "A meeting manager per site calling the media upstream of the region its variable names, with a fallback-provider variable, a recordings queue uploading to an object store after recovery, and in-app messages from a notify-log file.",
            ["media", "variable", "bucket"], ["region", "queue", "provider-variable", "recordings-variable", "notices"], Instances: true),
        new("s3", "An S3-compatible object store (s3rver, from npm) in each site it has an instance in, with the sandbox's own access key; replicate copies every new object of a bucket to another site's store under a prefix, lag later (S3 cross-region replication's stand-in).",
            ["buckets"], ["replicate", "lag"], Instances: true),
        new("gateway", "An API gateway in each site it has an instance in: a reverse proxy forwarding every request to the function its integration (a Lambda ARN, mapped through the estate's function resources to their sandbox services) names, 502 when it does not answer; an admin API with a key from the sandbox's secrets reads and sets the integration, kept in a file across restarts. function names the function component whose instance in the gateway's site is the first integration; account is the ARNs' account (default 000000000000).",
            ["function"], ["account"], Instances: true),
    ];

    public static IReadOnlyList<string> Names => [.. All.Select(k => k.Kind)];

    public static SandboxKindShape? Find(string kind) => All.FirstOrDefault(k => k.Kind == kind);
}
