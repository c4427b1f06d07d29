namespace Lifeline.AwsStandIn;

public sealed partial class AwsStandIn
{
    private readonly Dictionary<(string Cluster, string Service), EcsServiceState> _services = [];

    public void AddEcsService(string cluster, string service, string region, int desired = 0, string? taskDefinition = null)
    {
        lock (_lock)
        {
            _services[(cluster, service)] = new EcsServiceState
            {
                Cluster = cluster, Service = service, Region = region, Desired = desired, Running = desired,
                TaskDefinition = taskDefinition is null ? null : TaskDefinitionArn(region, taskDefinition),
            };
        }
    }

    public (int Desired, int Running) EcsService(string cluster, string service)
    {
        lock (_lock)
        {
            var s = _services[(cluster, service)];
            return (s.Desired, s.Running);
        }
    }

    private Reply Ecs(ServiceModel model, string operation, string region, Dictionary<string, string> p)
    {
        if (EcsDeployments(model, operation, region, p) is { } deployment)
        {
            return deployment;
        }

        var cluster = p.GetValueOrDefault("cluster", "default");
        switch (operation)
        {
            case "UpdateService":
                if (!_services.TryGetValue((cluster, p["service"]), out var updated) || updated.Region != region)
                {
                    return Error(model, 400, "ServiceNotFoundException", "Service not found.");
                }

                if (p.TryGetValue("desiredCount", out var desired))
                {
                    updated.Desired = int.Parse(desired, System.Globalization.CultureInfo.InvariantCulture);
                }

                var changedDefinition = false;
                if (p.TryGetValue("taskDefinition", out var definition))
                {
                    var arn = ResolveTaskDefinition(region, definition);
                    if (arn is null)
                    {
                        return Error(model, 400, "ClientException", $"TaskDefinition not found: {definition}");
                    }

                    changedDefinition = arn != updated.TaskDefinition;
                    updated.TaskDefinition = arn;
                }

                // A rollout takes a poll: the services-stable waiter's first describe still sees two deployments.
                if (p.GetValueOrDefault("forceNewDeployment") == "true" || changedDefinition || updated.Running != updated.Desired)
                {
                    updated.Deployments = 2;
                    updated.BusyPolls = 1;
                }

                return Json(new { service = Describe(updated) });
            case "DescribeServices":
                var names = p.Where(kv => kv.Key.StartsWith("services.", StringComparison.Ordinal)).Select(kv => kv.Value).ToList();
                var found = names.Select(n => _services.GetValueOrDefault((cluster, n))).Where(s => s is not null && s.Region == region).Select(s => s!).ToList();
                // A deployment rolls out between the update and the next look: update-service answers it in progress,
                // the next describe-services (the services-stable waiter's first poll) finds it stable.
                foreach (var s in found)
                {
                    if (s.BusyPolls > 0)
                    {
                        s.BusyPolls--;
                        continue;
                    }

                    s.Running = s.Desired;
                    s.Deployments = 1;
                }

                return Json(new
                {
                    services = found.Select(Describe).ToArray(),
                    failures = names.Where(n => found.All(f => f.Service != n)).Select(n => new { arn = n, reason = "MISSING" }).ToArray(),
                });
            default:
                return Error(model, 501, "NotImplementedByStandIn", $"the stand-in does not answer ecs:{operation}");
        }
    }

    private static object Describe(EcsServiceState s) => new
    {
        serviceArn = $"arn:aws:ecs:{s.Region}:000000000000:service/{s.Cluster}/{s.Service}",
        serviceName = s.Service,
        clusterArn = $"arn:aws:ecs:{s.Region}:000000000000:cluster/{s.Cluster}",
        status = "ACTIVE",
        desiredCount = s.Desired,
        runningCount = s.Running,
        pendingCount = Math.Max(0, s.Desired - s.Running),
        taskDefinition = s.TaskDefinition,
        deployments = Enumerable.Range(0, Math.Max(1, s.Deployments)).Select(i => new
        {
            id = $"ecs-svc/{i}",
            status = i == 0 ? "PRIMARY" : "ACTIVE",
            desiredCount = s.Desired,
            runningCount = i == 0 ? s.Running : 0,
            rolloutState = s.Deployments == 1 && s.Running == s.Desired ? "COMPLETED" : "IN_PROGRESS",
            taskDefinition = s.TaskDefinition,
        }).ToArray(),
    };

    private sealed class EcsServiceState
    {
        public required string Cluster { get; init; }

        public required string Service { get; init; }

        public required string Region { get; init; }

        public int Desired { get; set; }

        public int Running { get; set; }

        public int Deployments { get; set; } = 1;

        public string? TaskDefinition { get; set; }

        /// <summary>Describes that still see the rollout in progress.</summary>
        public int BusyPolls { get; set; }
    }
}
