using System.Globalization;

namespace Lifeline.AwsStandIn;

/// <summary>ECS task definitions (register, list) and clusters, for redeploys and rollbacks.</summary>
public sealed partial class AwsStandIn
{
    private readonly List<(string Region, string Family, int Revision)> _taskDefinitions = [];

    /// <summary>Register revisions 1..<paramref name="revisions"/> of a task definition family.</summary>
    public void AddTaskDefinitions(string family, string region, int revisions)
    {
        lock (_lock)
        {
            for (var revision = 1; revision <= revisions; revision++)
            {
                _taskDefinitions.Add((region, family, revision));
            }
        }
    }

    /// <summary>The task definition ARN the service runs.</summary>
    public string? EcsTaskDefinition(string cluster, string service)
    {
        lock (_lock)
        {
            return _services[(cluster, service)].TaskDefinition;
        }
    }

    private static string TaskDefinitionArn(string region, string familyRevision) =>
        familyRevision.StartsWith("arn:", StringComparison.Ordinal) ? familyRevision : $"arn:aws:ecs:{region}:000000000000:task-definition/{familyRevision}";

    private string? ResolveTaskDefinition(string region, string text)
    {
        var name = text.StartsWith("arn:", StringComparison.Ordinal) ? text[(text.IndexOf('/', StringComparison.Ordinal) + 1)..] : text;
        var parts = name.Split(':');
        var family = parts[0];
        var revisions = _taskDefinitions.Where(t => t.Region == region && t.Family == family).Select(t => t.Revision).ToList();
        if (revisions.Count == 0)
        {
            return null;
        }

        if (parts.Length == 1)
        {
            return TaskDefinitionArn(region, $"{family}:{revisions.Max()}");
        }

        return int.TryParse(parts[1], CultureInfo.InvariantCulture, out var revision) && revisions.Contains(revision) ? TaskDefinitionArn(region, $"{family}:{revision}") : null;
    }

    private Reply? EcsDeployments(ServiceModel model, string operation, string region, Dictionary<string, string> p)
    {
        switch (operation)
        {
            case "RegisterTaskDefinition":
                var family = p["family"];
                var next = _taskDefinitions.Where(t => t.Region == region && t.Family == family).Select(t => t.Revision).DefaultIfEmpty(0).Max() + 1;
                _taskDefinitions.Add((region, family, next));
                return Json(new
                {
                    taskDefinition = new
                    {
                        taskDefinitionArn = TaskDefinitionArn(region, $"{family}:{next}"),
                        family,
                        revision = next,
                        status = "ACTIVE",
                        containerDefinitions = p.Where(kv => kv.Key.StartsWith("containerDefinitions.", StringComparison.Ordinal) && kv.Key.EndsWith(".name", StringComparison.Ordinal))
                            .Select(kv => new { name = kv.Value }).ToArray(),
                    },
                });
            case "ListTaskDefinitions":
                var prefix = p.GetValueOrDefault("familyPrefix");
                var listed = _taskDefinitions.Where(t => t.Region == region && (prefix is null || t.Family == prefix)).OrderBy(t => t.Family, StringComparer.Ordinal).ThenBy(t => t.Revision);
                var arns = listed.Select(t => TaskDefinitionArn(region, $"{t.Family}:{t.Revision}"));
                return Json(new { taskDefinitionArns = (p.GetValueOrDefault("sort") == "DESC" ? arns.Reverse() : arns).ToArray() });
            case "DescribeClusters":
                var names = p.Where(kv => kv.Key.StartsWith("clusters.", StringComparison.Ordinal)).Select(kv => kv.Value).DefaultIfEmpty("default").ToList();
                var known = names.Where(n => _services.Values.Any(s => s.Cluster == n && s.Region == region)).ToList();
                return Json(new
                {
                    clusters = known.Select(n =>
                    {
                        var services = _services.Values.Where(s => s.Cluster == n && s.Region == region).ToList();
                        return new
                        {
                            clusterArn = $"arn:aws:ecs:{region}:000000000000:cluster/{n}",
                            clusterName = n,
                            status = "ACTIVE",
                            runningTasksCount = services.Sum(s => s.Running),
                            pendingTasksCount = services.Sum(s => Math.Max(0, s.Desired - s.Running)),
                            activeServicesCount = services.Count,
                            registeredContainerInstancesCount = 0,
                        };
                    }).ToArray(),
                    failures = names.Except(known).Select(n => new { arn = $"arn:aws:ecs:{region}:000000000000:cluster/{n}", reason = "MISSING" }).ToArray(),
                });
            default:
                return null;
        }
    }
}
