using System.Globalization;
using System.Xml.Linq;

namespace Lifeline.AwsStandIn;

public sealed partial class AwsStandIn
{
    private readonly Dictionary<string, DbInstanceState> _instances = new(StringComparer.Ordinal);

    /// <summary>A DB instance; <paramref name="replicaOf"/> makes it a read replica. Its endpoint is what describe-db-instances reports.</summary>
    public void AddDbInstance(string id, string region, string? replicaOf = null, string address = "127.0.0.1", int port = 5432, string status = "available")
    {
        lock (_lock)
        {
            _instances[id] = new DbInstanceState { Id = id, Region = region, ReplicaOf = replicaOf, Address = address, Port = port, Status = status };
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
        var id = p.GetValueOrDefault("DBInstanceIdentifier");
        DbInstanceState? instance = null;
        if (id is not null && (!_instances.TryGetValue(id, out instance) || instance.Region != region))
        {
            return Error(model, 404, "DBInstanceNotFound", $"DBInstance {id} not found in {region}.");
        }

        switch (operation)
        {
            case "DescribeDBInstances":
                // Promotion completes between the call and the next look: promote-read-replica answers "modifying", the
                // next describe (the db-instance-available waiter's first poll) finds it available.
                var listed = instance is null ? _instances.Values.Where(i => i.Region == region).ToList() : [instance];
                foreach (var i in listed.Where(i => i.Status == "modifying"))
                {
                    i.Status = "available";
                }

                foreach (var i in listed.Where(i => i.Status == "stopping"))
                {
                    i.Status = "stopped";
                }

                return QueryResult(model, operation, new XElement("DBInstances", listed.Select(Describe)));
            case "PromoteReadReplica":
                if (instance!.ReplicaOf is null)
                {
                    return Error(model, 400, "InvalidDBInstanceState", $"DB Instance {id} is not a read replica.");
                }

                instance.ReplicaOf = null;
                instance.Status = "modifying";
                return QueryResult(model, operation, Describe(instance));
            case "StopDBInstance":
                instance!.Status = "stopping";
                return QueryResult(model, operation, Describe(instance));
            case "RebootDBInstance":
                instance!.Status = "modifying";
                return QueryResult(model, operation, Describe(instance));
            default:
                return Error(model, 501, "NotImplementedByStandIn", $"the stand-in does not answer rds:{operation}");
        }
    }

    private static XElement Describe(DbInstanceState instance) => new("DBInstance",
        new XElement("DBInstanceIdentifier", instance.Id),
        new XElement("DBInstanceClass", "db.r6g.large"),
        new XElement("Engine", "postgres"),
        new XElement("DBInstanceStatus", instance.Status),
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
    }
}
