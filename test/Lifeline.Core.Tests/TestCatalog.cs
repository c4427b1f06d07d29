using Lifeline.Core.Providers;
using Lifeline.Providers;
using Lifeline.Providers.Capabilities;

namespace Lifeline.Core.Tests;

/// <summary>
/// The provider catalog the examples are validated against: the AWS family as described, and the sandbox providers
/// described from the shared capabilities (their implementations live elsewhere).
/// </summary>
internal static class TestCatalog
{
    public static readonly ProviderDescriptor Postgres = new("postgres", "PostgreSQL", DatabaseCapability.Operations, DatabaseCapability.Probes, ["host", "port", "database", "user", "password", "data-dir", "bin-dir", "monitor-user"]);
    public static readonly ProviderDescriptor ProcessService = new("process-service", "Local processes", ServiceCapability.Operations, ServiceCapability.Probes, ["service", "dir"]);
    public static readonly ProviderDescriptor PowerDns = new("powerdns", "PowerDNS", DnsCapability.Operations, DnsCapability.Probes, ["api", "api-key", "zone", "dns", "server"]);
    public static readonly ProviderDescriptor FileSecrets = new("file-secrets", "Secrets in files", SecretCapability.Operations, SecretCapability.Probes, ["dir", "name", "owner"]);
    public static readonly ProviderDescriptor NotifyLog = new("notify-log", "Notifications to a log file", NotifyCapability.Operations, [], ["file"]);
    public static readonly ProviderDescriptor Http = new("http", "HTTP", HttpCapability.Operations, HttpCapability.Probes, ["url"]);
    public static readonly ProviderDescriptor Shell = new("shell", "Programs", [new("shell.run", "Run a program", [], ["exit_code", "stdout"], false)], [], []);
    public static readonly ProviderDescriptor Noop = new("noop", "Does nothing", [new("noop.run", "Nothing", [], [], true)], [], []);
    public static readonly ProviderDescriptor Sleep = new("sleep", "Sleeps", [new("sleep.run", "Sleep", [ParameterDescriptor.Required("duration", ParameterType.Duration, "How long")], [], true)], [], []);

    public static readonly IProviderCatalog Instance = new ProviderRegistry([], [.. DescribedOnlyProviders.All, Postgres, ProcessService, PowerDns, FileSecrets, NotifyLog, Http, Shell, Noop, Sleep]);
}
