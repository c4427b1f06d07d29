using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using static Lifeline.Core.Providers.SettingDescriptor;

namespace Lifeline.Core.Tests;

/// <summary>
/// The provider catalog the examples are validated against: the AWS family as described, and the sandbox providers
/// described from the vocabulary's capabilities (their implementations live elsewhere).
/// </summary>
internal static class TestCatalog
{
    public static readonly ProviderDescriptor Postgres = new(
        "postgres", "PostgreSQL", [Operations.Database.Fence, Operations.Database.Promote, Operations.Database.Reprotect, Operations.Database.BaselineCapture, Operations.Database.BaselineVerify, Operations.Database.RebootFailover, Operations.Database.Snapshot], [Operations.Database.Status],
        [Required("host", "Host."), Required("port", "Port."), Required("database", "Database."), Required("user", "User."), Required("password", "Password."), Optional("data-dir", "Data directory."), Optional("bin-dir", "Programs."), Optional("monitor-user", "Monitoring role."),
         Optional("standby-host", "Same-site standby host."), Optional("standby-port", "Same-site standby port."), Optional("standby-data-dir", "Same-site standby data directory."),
         RequiredBy("snapshot-dir", "Snapshots.", Operations.Database.Snapshot.Name),
         Optional("upstream", "Upstream."), Optional("replication-user", "Replication role."), Optional("replication-password", "Its password."), Optional("remote-standbys", "Standbys outside the site.")]);

    public static readonly ProviderDescriptor PgBackRest = new(
        "pgbackrest", "pgBackRest", [Operations.Database.RestoreToTime], [Operations.Backup.Status, Operations.ObjectStore.List],
        [Required("stanza", "Stanza."), Optional("config", "Config file."), Optional("data-root", "Restores directory."), Optional("host", "Host."), Optional("bin-dir", "Programs.")]);

    public static readonly ProviderDescriptor AwsBackup = new(
        "aws-backup", "AWS Backup", [], Operations.Backup.Capability.Probes, [Required("vault", "Vault."), Optional("region", "Region."), Optional("profile", "Profile.")], CanExecute: false);

    public static readonly ProviderDescriptor AwsS3 = new(
        "aws-s3", "Amazon S3", Operations.ObjectStore.Capability.Operations, Operations.ObjectStore.Capability.Probes,
        [Required("bucket", "Bucket."), Optional("prefix", "Prefix."), Optional("region", "Region."), Optional("profile", "Profile."), Optional("endpoint-url", "Endpoint."),
         Optional("source-region", "Source region."), Optional("source-endpoint-url", "Source endpoint."), Optional("access-key-id", "Key id."), Optional("secret-access-key", "Secret key.")]);

    public static readonly ProviderDescriptor ProcessService = new(
        "process-service", "Local processes", [Operations.Service.Scale, Operations.Service.Redeploy, Operations.Service.Rollback], [Operations.Service.Status], [Required("service", "Service."), Required("dir", "Directory.")]);

    public static readonly ProviderDescriptor Nftables = new(
        "nftables", "Ingress firewall", [Operations.Firewall.RevokeIngress], [],
        [Required("table", "Table."), Optional("chain", "Chain."), Required("destination", "Addresses."), Optional("ports", "Port forwards.")]);

    public static readonly ProviderDescriptor LocalVolume = new(
        "local-volume", "A directory as a volume", [Operations.Volume.Snapshot], [], [Required("path", "Path."), Required("snapshot-dir", "Snapshots.")]);

    public static readonly ProviderDescriptor PowerDns = new(
        "powerdns", "PowerDNS", [Operations.Dns.Upsert], [Operations.Dns.Resolve],
        [Required("api", "API."), Required("api-key", "Key."), Required("zone", "Zone."), Required("dns", "DNS."), Optional("server", "Server.")]);

    public static readonly ProviderDescriptor FileSecrets = new(
        "file-secrets", "Secrets in files", Operations.Secret.Capability.Operations, Operations.Secret.Capability.Probes, [Required("dir", "Directory."), Required("name", "Name."), Optional("owner", "Owner.")]);

    public static readonly ProviderDescriptor NotifyLog = new("notify-log", "Notifications to a log file", Operations.Notify.Capability.Operations, [], [Required("file", "File.")]);
    public static readonly ProviderDescriptor Http = new("http", "HTTP", Operations.Http.Capability.Operations, Operations.Http.Capability.Probes, [Optional("url", "URL."), Optional("ca-file", "Private CA.")]);
    public static readonly ProviderDescriptor Probe = new(Operations.HealthProbeProvider, "Generic probes", [], [Operations.Tcp.Connect, Operations.Tls.Certificate, Operations.Command.Run, Operations.Certificate.Status], []);
    public static readonly ProviderDescriptor Shell = new("shell", "Programs", [Operations.Shell.Run], [], []);
    public static readonly ProviderDescriptor Noop = new("noop", "Does nothing", [Operations.Noop.Run], [Operations.Noop.Observe], []);
    public static readonly ProviderDescriptor Sleep = new("sleep", "Sleeps", [Operations.Sleep.Run], [], []);

    public static readonly IProviderCatalog Instance = new ProviderRegistry([], [.. DescribedOnlyAws.All, AwsBackup, AwsS3, PgBackRest, Postgres, ProcessService, Nftables, LocalVolume, PowerDns, FileSecrets, NotifyLog, Http, Probe, Shell, Noop, Sleep]);
}
