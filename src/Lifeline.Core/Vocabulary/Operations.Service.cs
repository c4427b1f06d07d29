using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.FieldDescriptor;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Core.Vocabulary;

public static partial class Operations
{
    /// <summary>Application services (process-service in the sandbox, aws-ecs in production).</summary>
    public static class Service
    {
        public static readonly ProbeDescriptor Status = new(
            "service.status",
            "Desired, running and healthy instance counts.",
            [],
            [Whole("desired", "Desired instance count."),
             Whole("running", "Instances running."),
             Whole("healthy", "Instances answering their health check."),
             Text("addresses", "Addresses of the healthy instances, comma-separated."),
             Text("revision", "The revision deployed, where the provider reports it (process-service); empty otherwise.")]);

        public static readonly OperationDescriptor Scale = new(
            "service.scale",
            "Set the desired count, starting or stopping instances, and wait until that many are healthy.",
            [Required("count", ParameterType.Integer, "Desired instance count."),
             Optional("wait", ParameterType.Duration, "How long to wait for healthy instances (default 60s)."),
             Optional("env", ParameterType.String, "Extra environment for new instances, as KEY=VALUE;KEY=VALUE.")],
            [Whole("desired", "Desired instance count."),
             Whole("healthy", "Instances answering their health check."),
             Text("addresses", "Addresses of the healthy instances, comma-separated.")],
            Idempotent: true);

        public static readonly ProbeDescriptor Cluster = new(
            "service.cluster",
            "The state of the cluster the service runs in: whether it is active, and its task and service counts.",
            [],
            [Text("status", "The cluster's status, e.g. ACTIVE; empty when unreachable."),
             Flag("reachable", "Whether the cluster's API answered."),
             Whole("running_tasks", "Tasks running in the cluster."),
             Whole("pending_tasks", "Tasks pending in the cluster."),
             Whole("active_services", "Active services in the cluster.")]);

        public static readonly OperationDescriptor Redeploy = new(
            "service.redeploy",
            "Start a new deployment (a given task definition, one registered from a file, or the same one again) and wait until it is stable.",
            [Optional("task-definition", ParameterType.String, "Task definition to deploy, family:revision or ARN (default: the current one, redeployed)."),
             Optional("register", ParameterType.String, "A task definition to register first and then deploy, as JSON or @path (the runbook's task-definition-dr.json)."),
             Optional("wait", ParameterType.Duration, "How long to wait for the deployment to be stable (default: the provider's waiter).")],
            [Text("task_definition", "The task definition now deployed."),
             Whole("desired", "Desired instance count."),
             Whole("running", "Instances running.")],
            Idempotent: true);

        public static readonly OperationDescriptor Rollback = new(
            "service.rollback",
            "Deploy the task definition before the current one (or a given one) and wait until it is stable. Not idempotent without to: each run goes one revision further back.",
            [Optional("to", ParameterType.String, "Task definition to roll back to, family:revision or ARN (default: the revision before the current one)."),
             Optional("wait", ParameterType.Duration, "How long to wait for the deployment to be stable (default: the provider's waiter).")],
            [Text("from", "The task definition that was deployed."),
             Text("task_definition", "The task definition now deployed."),
             Whole("desired", "Desired instance count."),
             Whole("running", "Instances running.")],
            Idempotent: false);

        public static readonly Capability Capability = new("service", "Application services: instance counts and health, deployments and rollbacks.", [Scale, Redeploy, Rollback], [Status, Cluster]);
    }
}
