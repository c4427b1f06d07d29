using System.Globalization;
using System.Xml.Linq;

namespace Lifeline.AwsStandIn;

/// <summary>
/// EC2 over its own protocol ("ec2": query-style requests, answers without a Result wrapper): security group ingress rules
/// (revoke, describe) and volume snapshots.
/// </summary>
public sealed partial class AwsStandIn
{
    private readonly Dictionary<string, (string Region, List<IngressRule> Rules)> _securityGroups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _volumes = new(StringComparer.Ordinal);
    private readonly List<(string Snapshot, string Volume, string Description)> _volumeSnapshots = [];

    /// <summary>An inbound rule: <paramref name="port"/> over <paramref name="protocol"/> from a CIDR range or another group.</summary>
    public void AddIngress(string groupId, string region, int port, string? cidr = null, string? sourceGroup = null, string protocol = "tcp")
    {
        lock (_lock)
        {
            if (!_securityGroups.TryGetValue(groupId, out var group))
            {
                _securityGroups[groupId] = group = (region, []);
            }

            group.Rules.Add(new IngressRule(protocol, port, port, cidr, sourceGroup));
        }
    }

    /// <summary>The group's inbound rules as "tcp/5432 from sg-app" or "tcp/443 from 0.0.0.0/0".</summary>
    public IReadOnlyList<string> Ingress(string groupId)
    {
        lock (_lock)
        {
            return _securityGroups.TryGetValue(groupId, out var group) ? [.. group.Rules.Select(r => r.ToString())] : [];
        }
    }

    public void AddVolume(string volumeId, string region)
    {
        lock (_lock)
        {
            _volumes[volumeId] = region;
        }
    }

    public IReadOnlyList<(string Snapshot, string Volume, string Description)> VolumeSnapshots
    {
        get
        {
            lock (_lock)
            {
                return [.. _volumeSnapshots];
            }
        }
    }

    private Reply Ec2(ServiceModel model, string operation, string region, Dictionary<string, string> p)
    {
        switch (operation)
        {
            case "RevokeSecurityGroupIngress":
                var groupId = p.GetValueOrDefault("GroupId", "");
                if (!_securityGroups.TryGetValue(groupId, out var group) || group.Region != region)
                {
                    return Error(model, 400, "InvalidGroup.NotFound", $"The security group '{groupId}' does not exist");
                }

                var wanted = new IngressRule(
                    p.GetValueOrDefault("IpPermissions.1.IpProtocol", p.GetValueOrDefault("IpProtocol", "")),
                    int.Parse(p.GetValueOrDefault("IpPermissions.1.FromPort", p.GetValueOrDefault("FromPort", "-1")), CultureInfo.InvariantCulture),
                    int.Parse(p.GetValueOrDefault("IpPermissions.1.ToPort", p.GetValueOrDefault("ToPort", "-1")), CultureInfo.InvariantCulture),
                    p.GetValueOrDefault("IpPermissions.1.IpRanges.1.CidrIp") ?? p.GetValueOrDefault("CidrIp"),
                    p.GetValueOrDefault("IpPermissions.1.Groups.1.GroupId"));
                if (group.Rules.RemoveAll(r => r == wanted) == 0)
                {
                    return Error(model, 400, "InvalidPermission.NotFound", "The specified rule does not exist in this security group.");
                }

                return Ec2Result(model, operation, new XElement("return", "true"));
            case "DescribeSecurityGroups":
                var ids = p.Where(kv => kv.Key.StartsWith("GroupId.", StringComparison.Ordinal)).Select(kv => kv.Value).ToList();
                var missing = ids.FirstOrDefault(id => !_securityGroups.TryGetValue(id, out var g) || g.Region != region);
                if (missing is not null)
                {
                    return Error(model, 400, "InvalidGroup.NotFound", $"The security group '{missing}' does not exist");
                }

                return Ec2Result(model, operation, new XElement("securityGroupInfo", _securityGroups
                    .Where(g => g.Value.Region == region && (ids.Count == 0 || ids.Contains(g.Key)))
                    .Select(g => new XElement("item",
                        new XElement("groupId", g.Key),
                        new XElement("groupName", g.Key),
                        new XElement("ownerId", "000000000000"),
                        new XElement("ipPermissions", g.Value.Rules.Select(r => new XElement("item",
                            new XElement("ipProtocol", r.Protocol),
                            new XElement("fromPort", r.FromPort),
                            new XElement("toPort", r.ToPort),
                            new XElement("ipRanges", r.Cidr is null ? null : new XElement("item", new XElement("cidrIp", r.Cidr))),
                            new XElement("groups", r.SourceGroup is null ? null : new XElement("item", new XElement("groupId", r.SourceGroup))))))))));
            case "CreateSnapshot":
                var volumeId = p["VolumeId"];
                if (!_volumes.TryGetValue(volumeId, out var volumeRegion) || volumeRegion != region)
                {
                    return Error(model, 400, "InvalidVolume.NotFound", $"The volume '{volumeId}' does not exist.");
                }

                var snapshotId = "snap-" + Guid.NewGuid().ToString("N")[..17];
                var description = p.GetValueOrDefault("Description", "");
                _volumeSnapshots.Add((snapshotId, volumeId, description));
                return Ec2Result(model, operation,
                    new XElement("snapshotId", snapshotId),
                    new XElement("volumeId", volumeId),
                    new XElement("status", "pending"),
                    new XElement("startTime", IsoMillis(Now)),
                    new XElement("progress", ""),
                    new XElement("ownerId", "000000000000"),
                    new XElement("volumeSize", "100"),
                    new XElement("description", description),
                    new XElement("encrypted", "true"));
            default:
                return Error(model, 501, "NotImplementedByStandIn", $"the stand-in does not answer ec2:{operation}");
        }
    }

    /// <summary>An ec2-protocol answer: &lt;OpResponse&gt;&lt;requestId/&gt;…&lt;/OpResponse&gt;, no Result wrapper.</summary>
    private Reply Ec2Result(ServiceModel model, string operation, params object[] content)
    {
        XNamespace ns = model.XmlNamespace + "/";
        var document = new XElement(ns + $"{operation}Response", new XElement(ns + "requestId", RequestId()), content.Select(c => Namespaced(c, ns)));
        return new Reply(200, "text/xml", document.ToString(SaveOptions.DisableFormatting), null);
    }

    private sealed record IngressRule(string Protocol, int FromPort, int ToPort, string? Cidr, string? SourceGroup)
    {
        public override string ToString() => $"{Protocol}/{(FromPort == ToPort ? FromPort.ToString(CultureInfo.InvariantCulture) : $"{FromPort}-{ToPort}")} from {Cidr ?? SourceGroup}";
    }
}
