using System.Text.Json;
using Lifeline.Providers.Aws.Cli;

namespace Lifeline.Providers.Aws.Rds;

/// <summary>The parts of <c>describe-db-instances</c> the database capability needs.</summary>
internal sealed record RdsInstance(string Id, string Status, string? ReplicaSource, string? Address, int? Port)
{
    // States in which the instance serves connections; rebooting, stopped, failed and the like do not.
    private static readonly HashSet<string> Serving = new(StringComparer.Ordinal)
    {
        "available", "backing-up", "modifying", "storage-optimization", "configuring-enhanced-monitoring", "configuring-log-exports",
        "configuring-iam-database-auth",
    };

    public bool IsReplica => ReplicaSource is not null;

    public bool IsServing => Serving.Contains(Status);

    public bool MultiAz { get; init; }

    public string? Zone { get; init; }

    /// <summary>The VPC security groups that decide who may connect.</summary>
    public IReadOnlyList<string> SecurityGroups { get; init; } = [];

    public string? Endpoint => Address is null || Port is null ? null : $"{Address}:{Port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public static RdsInstance? From(JsonElement output)
    {
        var instance = output.Items("DBInstances").FirstOrDefault();
        return instance.ValueKind == JsonValueKind.Object ? FromInstance(instance) : null;
    }

    /// <summary>One <c>DBInstance</c> object, as describe, reboot and restore answer it.</summary>
    public static RdsInstance FromInstance(JsonElement instance) => new(
        instance.Text("DBInstanceIdentifier") ?? "",
        instance.Text("DBInstanceStatus") ?? "unknown",
        instance.Text("ReadReplicaSourceDBInstanceIdentifier"),
        instance.Text("Endpoint", "Address"),
        int.TryParse(instance.Text("Endpoint", "Port"), out var port) ? port : null)
    {
        MultiAz = instance.Text("MultiAZ") == "true",
        Zone = instance.Text("AvailabilityZone"),
        SecurityGroups = [.. instance.Items("VpcSecurityGroups").Select(g => g.Text("VpcSecurityGroupId")).OfType<string>()],
    };
}
