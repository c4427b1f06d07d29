using System.Globalization;
using System.Xml.Linq;

namespace Lifeline.AwsStandIn;

/// <summary>
/// RDS failover, restores, snapshots and events. Each change takes a poll or two to settle, as on AWS, so the CLI's
/// waiters really wait: a reboot is "rebooting" for one describe, a restore "creating" for two, a snapshot "creating" for one.
/// </summary>
public sealed partial class AwsStandIn
{
    private const int RestorePolls = 2;
    private readonly Dictionary<string, DbSnapshotState> _dbSnapshots = new(StringComparer.Ordinal);
    private readonly List<(string Id, string Cluster, string Region, DateTimeOffset CreatedAt)> _clusterSnapshots = [];
    private readonly List<(string Source, string Region, DateTimeOffset At, string Message)> _dbEvents = [];

    /// <summary>A snapshot of <paramref name="instance"/> (which need not exist in <paramref name="region"/>: a copied snapshot).</summary>
    public void AddDbSnapshot(string id, string instance, string region, DateTimeOffset createdAt, string status = "available")
    {
        lock (_lock)
        {
            _dbSnapshots[id] = new DbSnapshotState { Id = id, Instance = instance, Region = region, CreatedAt = createdAt, Status = status };
        }
    }

    public void AddDbClusterSnapshot(string id, string cluster, string region, DateTimeOffset createdAt)
    {
        lock (_lock)
        {
            _clusterSnapshots.Add((id, cluster, region, createdAt));
        }
    }

    /// <summary>The instance's zone (after a failover, its former secondary's), or null when there is no such instance.</summary>
    public string? DbInstanceZone(string id)
    {
        lock (_lock)
        {
            return _instances.TryGetValue(id, out var instance) ? instance.Region + instance.Zone : null;
        }
    }

    /// <summary>What a restored instance came from: the snapshot, or "source@time" for a point-in-time restore.</summary>
    public string? DbInstanceRestoredFrom(string id)
    {
        lock (_lock)
        {
            return _instances.TryGetValue(id, out var instance) ? instance.RestoredFrom : null;
        }
    }

    public string? DbSnapshotStatus(string id)
    {
        lock (_lock)
        {
            return _dbSnapshots.TryGetValue(id, out var snapshot) ? snapshot.Status : null;
        }
    }

    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    private static string IsoMillis(DateTimeOffset at) => at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private void Settle(DbInstanceState instance)
    {
        if (instance.BusyPolls > 0)
        {
            instance.BusyPolls--;
            return;
        }

        switch (instance.Status)
        {
            case "modifying" or "rebooting" or "creating" or "backing-up":
                instance.Status = "available";
                if (instance.FailingOver)
                {
                    instance.FailingOver = false;
                    _dbEvents.Add((instance.Id, instance.Region, Now, "Multi-AZ instance failover completed."));
                }

                break;
            case "stopping":
                instance.Status = "stopped";
                break;
        }
    }

    private Reply? RdsRecovery(ServiceModel model, string operation, string region, Dictionary<string, string> p)
    {
        switch (operation)
        {
            case "RebootDBInstance":
                return Reboot(model, region, p);
            case "CreateDBInstanceReadReplica":
                return CreateReadReplica(model, region, p);
            case "RestoreDBInstanceToPointInTime":
                var sourceId = p.GetValueOrDefault("SourceDBInstanceIdentifier", "");
                if (!_instances.TryGetValue(sourceId, out var source) || source.Region != region)
                {
                    return Error(model, 404, "DBInstanceNotFound", $"DBInstance {sourceId} not found in {region}.");
                }

                var pointInTime = p.GetValueOrDefault("UseLatestRestorableTime") == "true" ? "latest" : p.GetValueOrDefault("RestoreTime", "");
                return Restore(model, operation, region, p["TargetDBInstanceIdentifier"], $"{sourceId}@{pointInTime}", p);
            case "RestoreDBInstanceFromDBSnapshot":
                var snapshotId = p.GetValueOrDefault("DBSnapshotIdentifier", "");
                if (!_dbSnapshots.TryGetValue(snapshotId, out var snapshot) || snapshot.Region != region)
                {
                    return Error(model, 404, "DBSnapshotNotFound", $"DBSnapshot {snapshotId} not found.");
                }

                return snapshot.Status != "available"
                    ? Error(model, 400, "InvalidDBSnapshotState", $"DBSnapshot {snapshotId} is {snapshot.Status}.")
                    : Restore(model, operation, region, p["DBInstanceIdentifier"], snapshotId, p);
            case "CreateDBSnapshot":
                var instanceId = p["DBInstanceIdentifier"];
                if (!_instances.TryGetValue(instanceId, out var instance) || instance.Region != region)
                {
                    return Error(model, 404, "DBInstanceNotFound", $"DBInstance {instanceId} not found in {region}.");
                }

                var newId = p["DBSnapshotIdentifier"];
                if (_dbSnapshots.ContainsKey(newId))
                {
                    return Error(model, 400, "DBSnapshotAlreadyExists", $"Cannot create the snapshot because a snapshot with the identifier {newId} already exists.");
                }

                var created = _dbSnapshots[newId] = new DbSnapshotState { Id = newId, Instance = instanceId, Region = region, CreatedAt = Now, Status = "creating", BusyPolls = 1 };
                return QueryResult(model, operation, DescribeSnapshot(created));
            case "DescribeDBSnapshots":
                var wanted = p.GetValueOrDefault("DBSnapshotIdentifier");
                if (wanted is not null && (!_dbSnapshots.TryGetValue(wanted, out var one) || one.Region != region))
                {
                    return Error(model, 404, "DBSnapshotNotFound", $"DBSnapshot {wanted} not found.");
                }

                var snapshots = _dbSnapshots.Values
                    .Where(s => s.Region == region && (wanted is null || s.Id == wanted) && (!p.TryGetValue("DBInstanceIdentifier", out var of) || s.Instance == of))
                    .ToList();
                foreach (var s in snapshots)
                {
                    s.Settle();
                }

                // Oldest first, as AWS does not promise an order: a caller that wants the latest must sort.
                return QueryResult(model, operation, new XElement("DBSnapshots", snapshots.OrderBy(s => s.CreatedAt).Select(DescribeSnapshot)));
            case "DescribeDBClusterSnapshots":
                var cluster = p.GetValueOrDefault("DBClusterIdentifier");
                return QueryResult(model, operation, new XElement("DBClusterSnapshots", _clusterSnapshots
                    .Where(s => s.Region == region && (cluster is null || s.Cluster == cluster))
                    .Select(s => new XElement("DBClusterSnapshot",
                        new XElement("DBClusterSnapshotIdentifier", s.Id),
                        new XElement("DBClusterIdentifier", s.Cluster),
                        new XElement("SnapshotCreateTime", IsoMillis(s.CreatedAt)),
                        new XElement("Engine", "aurora-postgresql"),
                        new XElement("Status", "available"),
                        new XElement("SnapshotType", "automated")))));
            case "DescribeEvents":
                var since = Now.AddMinutes(-int.Parse(p.GetValueOrDefault("Duration", "60"), CultureInfo.InvariantCulture));
                var events = _dbEvents.Where(e => e.Region == region && e.At >= since && (!p.TryGetValue("SourceIdentifier", out var from) || e.Source == from));
                return QueryResult(model, operation, new XElement("Events", events.Select(e => new XElement("Event",
                    new XElement("SourceIdentifier", e.Source),
                    new XElement("SourceType", "db-instance"),
                    new XElement("Message", e.Message),
                    new XElement("Date", IsoMillis(e.At))))));
            default:
                return null;
        }
    }

    private Reply Reboot(ServiceModel model, string region, Dictionary<string, string> p)
    {
        var id = p["DBInstanceIdentifier"];
        if (!_instances.TryGetValue(id, out var instance) || instance.Region != region)
        {
            return Error(model, 404, "DBInstanceNotFound", $"DBInstance {id} not found in {region}.");
        }

        if (instance.Status != "available")
        {
            return Error(model, 400, "InvalidDBInstanceState", $"DB instance {id} is not in available state (it is {instance.Status}).");
        }

        var failover = p.GetValueOrDefault("ForceFailover") == "true";
        if (failover && !instance.MultiAz)
        {
            return Error(model, 400, "InvalidParameterCombination", "Reboot with failover is only supported for Multi-AZ DB instances.");
        }

        if (failover)
        {
            (instance.Zone, instance.SecondaryZone) = (instance.SecondaryZone, instance.Zone);
            instance.FailingOver = true;
            _dbEvents.Add((id, region, Now, "Multi-AZ instance failover started."));
        }
        else
        {
            _dbEvents.Add((id, region, Now, "DB instance restarted"));
        }

        instance.Busy("rebooting", 1);
        return QueryResult(model, "RebootDBInstance", Describe(instance));
    }

    private Reply Restore(ServiceModel model, string operation, string region, string target, string from, Dictionary<string, string> p)
    {
        if (_instances.ContainsKey(target))
        {
            return Error(model, 400, "DBInstanceAlreadyExists", $"DB instance already exists: {target}");
        }

        var restored = _instances[target] = new DbInstanceState
        {
            Id = target,
            Region = region,
            Address = $"{target}.standin.{region}.rds.amazonaws.com",
            Port = 5432,
            Status = "creating",
            BusyPolls = RestorePolls,
            InstanceClass = p.GetValueOrDefault("DBInstanceClass", "db.r6g.large"),
            RestoredFrom = from,
        };
        _dbEvents.Add((target, region, Now, $"Restored from {from}"));
        return QueryResult(model, operation, Describe(restored));
    }

    private static XElement DescribeSnapshot(DbSnapshotState s) => new("DBSnapshot",
        new XElement("DBSnapshotIdentifier", s.Id),
        new XElement("DBInstanceIdentifier", s.Instance),
        new XElement("SnapshotCreateTime", IsoMillis(s.CreatedAt)),
        new XElement("Engine", "postgres"),
        new XElement("Status", s.Status),
        new XElement("SnapshotType", "manual"),
        new XElement("PercentProgress", s.Status == "available" ? "100" : "40"));

    private sealed class DbSnapshotState
    {
        public required string Id { get; init; }

        public required string Instance { get; init; }

        public required string Region { get; init; }

        public required DateTimeOffset CreatedAt { get; init; }

        public required string Status { get; set; }

        public int BusyPolls { get; set; }

        public void Settle()
        {
            if (BusyPolls > 0)
            {
                BusyPolls--;
            }
            else if (Status == "creating")
            {
                Status = "available";
            }
        }
    }
}
