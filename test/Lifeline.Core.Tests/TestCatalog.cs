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
        "postgres", "PostgreSQL", [Operations.Database.Fence, Operations.Database.Promote, Operations.Database.Reprotect, Operations.Database.BaselineCapture, Operations.Database.BaselineVerify], [Operations.Database.Status],
        [Required("host", "Host."), Required("port", "Port."), Required("database", "Database."), Required("user", "User."), Required("password", "Password."), Optional("data-dir", "Data directory."), Optional("bin-dir", "Programs."), Optional("monitor-user", "Monitoring role."),
         Optional("upstream", "Upstream."), Optional("replication-user", "Replication role."), Optional("replication-password", "Its password.")]);

    public static readonly ProviderDescriptor ProcessService = new(
        "process-service", "Local processes", [Operations.Service.Scale], [Operations.Service.Status], [Required("service", "Service."), Required("dir", "Directory.")]);

    public static readonly ProviderDescriptor PowerDns = new(
        "powerdns", "PowerDNS", [Operations.Dns.Upsert], [Operations.Dns.Resolve],
        [Required("api", "API."), Required("api-key", "Key."), Required("zone", "Zone."), Required("dns", "DNS."), Optional("server", "Server.")]);

    public static readonly ProviderDescriptor FileSecrets = new(
        "file-secrets", "Secrets in files", Operations.Secret.Capability.Operations, Operations.Secret.Capability.Probes, [Required("dir", "Directory."), Required("name", "Name."), Optional("owner", "Owner.")]);

    public static readonly ProviderDescriptor NotifyLog = new("notify-log", "Notifications to a log file", Operations.Notify.Capability.Operations, [], [Required("file", "File.")]);
    public static readonly ProviderDescriptor Http = new("http", "HTTP", Operations.Http.Capability.Operations, Operations.Http.Capability.Probes, [Optional("url", "URL.")]);
    public static readonly ProviderDescriptor Shell = new("shell", "Programs", [Operations.Shell.Run], [], []);
    public static readonly ProviderDescriptor Noop = new("noop", "Does nothing", [Operations.Noop.Run], [Operations.Noop.Observe], []);
    public static readonly ProviderDescriptor Sleep = new("sleep", "Sleeps", [Operations.Sleep.Run], [], []);

    public static readonly IProviderCatalog Instance = new ProviderRegistry([], [.. DescribedOnlyAws.All, Postgres, ProcessService, PowerDns, FileSecrets, NotifyLog, Http, Shell, Noop, Sleep]);
}
