namespace Lifeline.AwsStandIn;

/// <summary>
/// create-db-instance-read-replica, same-region (an identifier) or cross-region (an ARN, signed with --source-region):
/// the replica is "creating" for two describes, then an available replica of its source.
/// </summary>
public sealed partial class AwsStandIn
{
    /// <summary>What the instance replicates from (an identifier or an ARN), or null for a primary or no such instance.</summary>
    public string? DbInstanceReplicaOf(string id)
    {
        lock (_lock)
        {
            return _instances.TryGetValue(id, out var instance) ? instance.ReplicaOf : null;
        }
    }

    public void RemoveDbInstance(string id)
    {
        lock (_lock)
        {
            _instances.Remove(id);
        }
    }

    private Reply CreateReadReplica(ServiceModel model, string region, Dictionary<string, string> p)
    {
        var source = p.GetValueOrDefault("SourceDBInstanceIdentifier", "");
        var parts = source.Split(':');
        var (sourceId, sourceRegion) = parts is ["arn", _, "rds", var r, _, "db", var i] ? (i, r) : (source, region);
        if (!_instances.TryGetValue(sourceId, out var upstream) || upstream.Region != sourceRegion)
        {
            return Error(model, 404, "DBInstanceNotFound", $"DBInstance {source} not found.");
        }

        if (sourceRegion != region && !p.ContainsKey("PreSignedUrl"))
        {
            // The CLI adds the pre-signed URL when given --source-region; without it RDS refuses a cross-region replica.
            return Error(model, 400, "InvalidParameterCombination", "A cross-region read replica needs a PreSignedUrl (--source-region).");
        }

        var target = p["DBInstanceIdentifier"];
        if (_instances.ContainsKey(target))
        {
            return Error(model, 400, "DBInstanceAlreadyExists", $"DB instance already exists: {target}");
        }

        var replica = _instances[target] = new DbInstanceState
        {
            Id = target,
            Region = region,
            ReplicaOf = source,
            Address = $"{target}.standin.{region}.rds.amazonaws.com",
            Port = upstream.Port,
            Status = "creating",
            BusyPolls = RestorePolls,
        };
        _dbEvents.Add((target, region, Now, $"Read replica of {source} created"));
        return QueryResult(model, "CreateDBInstanceReadReplica", Describe(replica));
    }
}
