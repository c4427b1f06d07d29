using System.Globalization;
using System.Xml.Linq;

namespace Lifeline.AwsStandIn;

public sealed partial class AwsStandIn
{
    private readonly Dictionary<string, DbInstanceState> _instances = new(StringComparer.Ordinal);

    /// <summary>A DB instance; <paramref name="replicaOf"/> makes it a read replica. Its endpoint is what describe-db-instances reports.</summary>
    public void AddDbInstance(string id, string region, string? replicaOf = null, string address = "127.0.0.1", int port = 5432, string status = "available", bool multiAz = false, string[]? securityGroups = null)
    {
        lock (_lock)
        {
            _instances[id] = new DbInstanceState { Id = id, Region = region, ReplicaOf = replicaOf, Address = address, Port = port, Status = status, MultiAz = multiAz, SecurityGroups = securityGroups ?? [] };
        }
    }

    public string DbInstanceStatus(string id)
    {
        lock (_lock)
        {
            return _instances[id].Status;
        }
    }

    private Reply Rds(ServiceModel model, string operation, string region, Dictionary<string, string> p)
    {
        if (RdsRecovery(model, operation, region, p) is { } recovery)
        {
            return recovery;
        }

        var id = p.GetValueOrDefault("DBInstanceIdentifier");
        DbInstanceState? instance = null;
        if (id is not null && (!_instances.TryGetValue(id, out instance) || instance.Region != region))
        {
            return Error(model, 404, "DBInstanceNotFound", $"DBInstance {id} not found in {region}.");
        }

        switch (operation)
        {
            case "DescribeDBInstances":
                // A change takes a poll or two, as on AWS: promote-read-replica answers "modifying", the next describe (the
                // db-instance-available waiter's first poll) still sees it, the one after finds it available.
                var listed = instance is null ? _instances.Values.Where(i => i.Region == region).ToList() : [instance];
                foreach (var i in listed)
                {
                    Settle(i);
                }

                return QueryResult(model, operation, new XElement("DBInstances", listed.Select(Describe)));
            case "PromoteReadReplica":
                if (instance!.ReplicaOf is null)
                {
                    return Error(model, 400, "InvalidDBInstanceState", $"DB Instance {id} is not a read replica.");
                }

                instance.ReplicaOf = null;
                instance.Busy("modifying", 1);
                return QueryResult(model, operation, Describe(instance));
            case "StopDBInstance":
                instance!.Busy("stopping", 1);
                return QueryResult(model, operation, Describe(instance));
            default:
                return Error(model, 501, "NotImplementedByStandIn", $"the stand-in does not answer rds:{operation}");
        }
    }

    private static XElement Describe(DbInstanceState instance) => new("DBInstance",
        new XElement("DBInstanceIdentifier", instance.Id),
        new XElement("DBInstanceClass", instance.InstanceClass),
        new XElement("Engine", "postgres"),
        new XElement("DBInstanceStatus", instance.Status),
        new XElement("AvailabilityZone", instance.Region + instance.Zone),
        new XElement("MultiAZ", instance.MultiAz ? "true" : "false"),
        instance.MultiAz ? new XElement("SecondaryAvailabilityZone", instance.Region + instance.SecondaryZone) : null,
        new XElement("VpcSecurityGroups", instance.SecurityGroups.Select(g => new XElement("VpcSecurityGroupMembership", new XElement("VpcSecurityGroupId", g), new XElement("Status", "active")))),
        new XElement("Endpoint", new XElement("Address", instance.Address), new XElement("Port", instance.Port.ToString(CultureInfo.InvariantCulture))),
        instance.ReplicaOf is null ? null : new XElement("ReadReplicaSourceDBInstanceIdentifier", instance.ReplicaOf),
        instance.ReplicaOf is null ? null : new XElement("StatusInfos", new XElement("DBInstanceStatusInfo",
            new XElement("StatusType", "read replication"), new XElement("Normal", "true"), new XElement("Status", "replicating"))));

    private Reply CloudWatchLag(ServiceModel model, Dictionary<string, string> p) => QueryResult(model, "GetMetricStatistics",
        new XElement("Label", p.GetValueOrDefault("MetricName", "")),
        new XElement("Datapoints", new XElement("member",
            new XElement("Timestamp", DateTimeOffset.Parse(p["EndTime"], CultureInfo.InvariantCulture).AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
            new XElement("Maximum", ReplicaLagSeconds.ToString(CultureInfo.InvariantCulture)),
            new XElement("Unit", "Seconds"))));

    /// <summary>What CloudWatch reports as every replica's ReplicaLag.</summary>
    public double ReplicaLagSeconds { get; set; } = 4;

    private sealed class DbInstanceState
    {
        public required string Id { get; init; }

        public required string Region { get; init; }

        public string? ReplicaOf { get; set; }

        public required string Address { get; init; }

        public int Port { get; init; }

        public required string Status { get; set; }

        public bool MultiAz { get; init; }

        public string[] SecurityGroups { get; init; } = [];

        public string Zone { get; set; } = "a";

        public string SecondaryZone { get; set; } = "b";

        public string InstanceClass { get; init; } = "db.r6g.large";

        /// <summary>Describes that still see the transitional status before it settles.</summary>
        public int BusyPolls { get; set; }

        /// <summary>What the instance was restored from, or the point in time; for tests' assertions.</summary>
        public string? RestoredFrom { get; init; }

        public bool FailingOver { get; set; }

        public void Busy(string status, int polls)
        {
            Status = status;
            BusyPolls = polls;
        }
    }
}
