using static Lifeline.Core.Schema.ValueShape;

namespace Lifeline.Core.Schema;

/// <summary>
/// Every key of estate and plan files, in one place: the loader reads and checks keys against these shapes, and
/// <see cref="SchemaWriter"/> turns them into JSON Schema.
/// </summary>
internal static class FileShapes
{
    public const string EstateRoot = "estate";
    public const string Site = "site";
    public const string Objectives = "objectives";
    public const string Contact = "contact";
    public const string EscalationLevel = "escalation-level";
    public const string Secret = "secret";
    public const string Resource = "resource";
    public const string Binding = "binding";
    public const string Monitor = "monitor";
    public const string PlanRoot = "plan";
    public const string Objective = "objective";
    public const string Trigger = "trigger";
    public const string StatusUpdates = "status-updates";
    public const string Input = "input";
    public const string Phase = "phase";
    public const string Step = "step";
    public const string Compensation = "compensation";
    public const string Approval = "approval";
    public const string Manual = "manual";
    public const string Notify = "notify";
    public const string Shell = "shell";
    public const string Retry = "retry";
    public const string Sandbox = "sandbox";
    public const string SandboxComponent = "sandbox-component";
    public const string SandboxMember = "sandbox-member";
    public const string SandboxScenario = "sandbox-scenario";
    public const string CalendarItem = "calendar-item";
    public const string SeverityLevel = "severity-level";

    public static readonly IReadOnlyList<string> ResourceKinds =
        ["database", "service", "dns-record", "endpoint", "secret", "object-store", "function", "firewall-rule", "credential", "notification-channel", "volume"];

    public static readonly IReadOnlyList<string> SiteRoles = ["primary", "dr", "other"];

    public static readonly IReadOnlyList<string> Severities = ["P1", "P2", "P3", "P4"];

    public static readonly IReadOnlyList<string> ProbeKinds = ["http", "tcp", "dns", "postgres", "tls", "command"];

    public static readonly IReadOnlyList<string> DecisionPolicies = ["auto", "approve", "notify"];

    public static readonly IReadOnlyList<string> TriggerKinds = ["site-unreachable", "database-unreachable", "service-unhealthy", "security-incident", "manual"];

    public static readonly IReadOnlyList<string> StepKinds = ["action", "check", "wait", "approval", "manual", "notify", "shell"];

    public static readonly IReadOnlyList<string> OnFailureValues = ["stop", "continue", "compensate"];

    public static readonly IReadOnlyList<string> BackoffValues = ["constant", "linear", "exponential"];

    public static readonly IReadOnlyList<string> RetryOnValues = ["any", "transient"];

    public static readonly IReadOnlyList<string> ApprovalTimeoutValues = ["reject", "approve"];

    public static readonly IReadOnlyList<string> CalendarModes = ["sandbox", "game-day"];

    public static readonly ObjectShape EstateShape = new(EstateRoot, "Lifeline estate",
        "What is protected: sites, resources and how each profile binds them to providers, objectives, contacts.",
        [
            new("estate", Text, true, "The estate's name, e.g. axis-imaging."),
            new("description", Text, false, "What the estate is."),
            new("profiles", TextList, true, "Profiles resources are bound for, e.g. [production, sandbox]."),
            new("sites", MapOf(Site), true, "Failure domains keyed by id (regions in production)."),
            new("objectives", ObjectOf(Objectives), false, "Recovery objectives: RTO per tier, RPO per data class."),
            new("contacts", MapOf(Contact), false, "People and rotas keyed by id."),
            new("escalation", ListOf(EscalationLevel), false, "Who is engaged at each level, and when."),
            new("secrets", MapOf(Secret), false, "Where each secret comes from at run time."),
            new("resources", MapOf(Resource), true, "Logical resources keyed by id."),
            new("sandbox", ObjectOf(Sandbox), false, "The local topology lifeline sandbox up builds: sites and components (see docs/sandbox.md)."),
            new("calendar", MapOf(CalendarItem), false, "The testing calendar: drills and human tasks keyed by id, each with a cron cadence and an owner."),
            new("severities", MapOf(SeverityLevel), false, "The severity table keyed by level (P1 to P4): what each means and how soon someone must respond. Levels not listed keep the defaults: P1 complete outage, immediately; P2 partial outage, 15m; P3 degraded service, 1h; P4 minor issue, 4h."),
        ]);

    public static readonly ObjectShape SandboxShape = new(Sandbox, "Sandbox topology", "What lifeline sandbox up builds on this machine.",
        [
            new("sites", TextList, true, "Estate site ids, in order: the n-th owns 127.0.n.0/24."),
            new("components", MapOf(SandboxComponent), true, "Components keyed by name; names derive the sandbox's settings (LIFELINE_SANDBOX_<NAME>_...)."),
            new("scenarios", MapOf(SandboxScenario), false, "Measured drills keyed by the name lifeline demo --scenario takes; the first is the default (see docs/plan-format.md)."),
        ]);

    public static readonly ObjectShape SandboxComponentShape = new(SandboxComponent, "Sandbox component", "One component; its kind says which keys it takes.",
        [
            new("kind", OneOf([.. Estates.Sandbox.SandboxKinds.Names]), true, "What builds it."),
            new("site", Text, false, "The sandbox site it runs in (file-secrets, object-store, powerdns)."),
            new("with", TextMap, false, "The kind's settings, e.g. database: axis_imaging."),
            new("members", MapOf(SandboxMember), false, "Servers of a replicated database keyed by name (postgres)."),
            new("instances", TextMap, false, "Instances per site, e.g. { primary: 2, dr: 0 } (portal)."),
            new("records", TextMap, false, "DNS names and what they answer with: <component>@<site> (powerdns)."),
        ]);

    public static readonly ObjectShape SandboxMemberShape = new(SandboxMember, "Sandbox member", "One server of a replicated component.",
        [
            new("site", Text, true, "The sandbox site it runs in."),
            new("replica-of", Text, false, "The member it streams from; absent for the primary."),
            new("sync", TrueOrFalse, false, "The primary waits for this replica on commit (default false)."),
            new("resource", Text, false, "The estate resource it stands for, so faults can name it (kill db-primary)."),
        ]);

    public static readonly ObjectShape SandboxScenarioShape = new(SandboxScenario, "Sandbox drill scenario", "How lifeline demo --scenario drills one plan: its faults, inputs and workload.",
        [
            new("plan", Text, false, "The scenario of the plan to drill (default: the entry's name)."),
            new("description", Text, false, "What the drill shows."),
            new("faults", TextList, false, "Sandbox faults applied in order, as lifeline sandbox fault takes them, e.g. kill db-primary or kill-site primary."),
            new("inputs", TextMap, false, "The plan's inputs for the drill, e.g. { criteria-window: 2s }."),
            new("workload", TrueOrFalse, false, "Run the acknowledged-write workload and count the writes lost (default true)."),
            new("after", Text, false, "Another scenario run first in the same sandbox, e.g. region-failover before failback."),
            new("fault-time", Text, false, "The plan input given the time the faults were injected (ISO 8601, UTC), e.g. restore-time to restore to just before them."),
        ]);

    public static readonly ObjectShape CalendarItemShape = new(CalendarItem, "Calendar item", "A scheduled drill of a plan, or a human task with a checklist: exactly one of drill or task.",
        [
            new("description", Text, false, "What the item is, e.g. the runbook's line."),
            new("cadence", Text, true, "When it falls due: a five-field cron expression in UTC, e.g. '0 9 1 * *' (09:00 on the 1st of each month)."),
            new("owner", Text, true, "Contact id of who owns it (reminded when a task is overdue)."),
            new("drill", Text, false, "Scenario of the plan to drill."),
            new("mode", OneOf([.. CalendarModes]), false, "sandbox (default: an isolated sandbox) or game-day (production, only after an approval)."),
            new("task", Text, false, "A human task, e.g. Review RTOs and RPOs."),
            new("checklist", TextList, false, "A task's checklist."),
            new("due-within", Duration, false, "How long a task may stay open after it falls due before it is overdue (default 7d)."),
            new("acknowledge-within", Duration, false, "Makes a task a communications test: a test notice goes to every escalation contact through every notification channel, each with an acknowledgement link; how long they have to acknowledge, e.g. 15m."),
            new("min-acknowledged", WholeNumber, false, "A communications test passes when at least this percentage of recipients acknowledged in time (1-100, default 100)."),
        ])
    {
        ExactlyOneOf = ["drill", "task"],
    };

    public static readonly ObjectShape SeverityLevelShape = new(SeverityLevel, "Severity level", "A row of the severity table.",
        [
            new("description", Text, false, "What the level means, e.g. Complete outage (default: the built-in table's)."),
            new("response", Duration, true, "How soon someone must respond; 0 is immediately."),
        ]);

    public static readonly ObjectShape SiteShape = new(Site, "Site", "A failure domain.",
        [
            new("role", OneOf([.. SiteRoles]), true, "primary, dr or other."),
            new("region", Text, false, "Cloud region, e.g. ap-southeast-2."),
            new("description", Text, false, "What runs there."),
        ]);

    public static readonly ObjectShape ObjectivesShape = new(Objectives, "Objectives", "Recovery objectives.",
        [
            new("rto", DurationMap, false, "Recovery time objective per tier, e.g. critical: 4h."),
            new("rpo", DurationMap, false, "Recovery point objective per data class, e.g. database: 15m."),
        ]);

    public static readonly ObjectShape ContactShape = new(Contact, "Contact", "A person or rota.",
        [
            new("name", Text, true, "Display name."),
            new("role", Text, false, "What they do in a recovery."),
            new("phone", Text, false, "Phone number."),
            new("email", Text, false, "Email address."),
        ]);

    public static readonly ObjectShape EscalationLevelShape = new(EscalationLevel, "Escalation level", "Who is engaged, and how long after the incident opens.",
        [
            new("level", WholeNumber, true, "Level number, from 1."),
            new("contacts", TextList, true, "Contact ids engaged at this level."),
            new("after", Duration, false, "Time after the incident opens (default 0s)."),
            new("executive", TrueOrFalse, false, "The executive level, paged at once for a P1 (at most one level; default: the highest)."),
        ]);

    public static readonly ObjectShape SecretShape = new(Secret, "Secret", "Where a secret comes from: exactly one of env or file.",
        [
            new("env", Text, false, "Environment variable holding the value."),
            new("file", Text, false, "File holding the value."),
        ])
    {
        ExactlyOneOf = ["env", "file"],
    };

    public static readonly ObjectShape ResourceShape = new(Resource, "Resource", "A logical resource and how each profile binds it.",
        [
            new("kind", OneOf([.. ResourceKinds]), true, "What sort of resource this is."),
            new("site", Text, true, "The id of the site it lives in."),
            new("tier", Text, false, "RTO tier: a key of objectives.rto."),
            new("data-class", Text, false, "RPO data class: a key of objectives.rpo."),
            new("description", Text, false, "What it is."),
            new("bindings", MapOf(Binding), true, "Per profile: the provider that operates it and its settings."),
            new("monitor", ObjectOf(Monitor), false, "How lifeline monitor probes it, and whether it counts for its site's health."),
        ]);

    public static readonly ObjectShape MonitorShape = new(Monitor, "Monitor", "A health probe the monitor runs against the resource's binding.",
        [
            new("probe", OneOf([.. ProbeKinds]), true, "http, tcp, dns, postgres, tls or command."),
            new("critical", TrueOrFalse, false, "Whether the site counts as unreachable only when this probe fails too (default true)."),
            new("with", TextMap, false, "Probe inputs: path (http), name and answer (dns), host and port (tcp, tls), min-days (tls), argv (command)."),
        ]);

    public static readonly ObjectShape BindingShape = new(Binding, "Binding", "How one profile realises a resource.",
        [
            new("provider", Text, true, "Provider name, e.g. aws-rds or postgres."),
            new("settings", TextMap, false, "Provider settings; values may hold ${{ env.X }} and ${{ secrets.X }}."),
        ]);

    public static readonly ObjectShape PlanShape = new(PlanRoot, "Lifeline plan",
        "A scenario's recovery plan: phases with time budgets, made of steps that form a DAG.",
        [
            new("scenario", Text, true, "The scenario's name, e.g. region-failover."),
            new("description", Text, false, "What the plan recovers from."),
            new("severity", OneOf([.. Severities]), true, "Incident severity, P1 (highest) to P4."),
            new("possible-breach", TrueOrFalse, false, "Incidents opened for this plan are possible PHI breaches: their breach clock (HIPAA 60 days) starts when the incident opens (default false)."),
            new("profiles", TextList, false, "The profiles the plan is written for, e.g. [production] for a plan whose operations have no sandbox counterpart; it is validated against these only, and a run in another profile is refused (default: every profile of the estate)."),
            new("objective", ObjectOf(Objective), false, "The estate objectives this plan is measured against."),
            new("trigger", ObjectOf(Trigger), false, "The failover criterion."),
            new("status-updates", ObjectOf(StatusUpdates), false, "Status updates sent while the run executes (the seeds say every 30 minutes)."),
            new("inputs", MapOf(Input), false, "Values given when a run starts, used as ${{ inputs.NAME }}."),
            new("phases", ListOf(Phase), true, "Stages of recovery, run in order."),
        ]);

    public static readonly ObjectShape ObjectiveShape = new(Objective, "Objective", "Keys into the estate's objectives.",
        [
            new("rto", Text, false, "A key of the estate's objectives.rto."),
            new("rpo", Text, false, "A key of the estate's objectives.rpo."),
        ]);

    public static readonly ObjectShape TriggerShape = new(Trigger, "Trigger", "Exactly one kind key naming its subject, plus for.",
        [
            new("site-unreachable", Text, false, "A site id that is unreachable."),
            new("database-unreachable", Text, false, "A database resource id that is unreachable."),
            new("service-unhealthy", Text, false, "A service, function or endpoint resource id that is unhealthy."),
            new("security-incident", Text, false, "A description of the incident."),
            new("manual", Text, false, "Who or what decides, e.g. executive-decision."),
            new("for", Duration, false, "How long the condition must hold (default 0s)."),
            new("decision", OneOf([.. DecisionPolicies]), false, "What the monitor does when the trigger holds: auto (run the plan), approve (default: open the run waiting at its approval gate) or notify."),
            new("cooldown", Duration, false, "After a failover, further automatic failovers of the scenario are blocked this long (default 1h)."),
            new("clear-after", Duration, false, "How long the subject must be healthy again before the trigger clears (default: the for window)."),
        ])
    {
        ExactlyOneOf = TriggerKinds,
    };

    public static readonly ObjectShape StatusUpdatesShape = new(StatusUpdates, "Status updates", "A message rendered from the live run and sent at a fixed interval while the run executes.",
        [
            new("every", Duration, true, "Interval between updates, e.g. 30m."),
            new("template", Text, true, "A message template, e.g. axis-status-update."),
            new("to", TextList, true, "Contact ids."),
            new("channel", Text, false, "default, or the id of a notification-channel resource."),
        ]);

    public static readonly ObjectShape InputShape = new(Input, "Input", "A value given when a run starts.",
        [
            new("default", Text, false, "Value used when the run does not give one; without it the input is required."),
            new("description", Text, false, "What the input means."),
        ]);

    public static readonly ObjectShape PhaseShape = new(Phase, "Phase", "A stage of recovery with a time budget; one of window or budget is required.",
        [
            new("id", Text, true, "Unique phase id."),
            new("name", Text, false, "Display name (default: the id)."),
            new("window", Text, false, "The runbook's window after the start, START..END, e.g. 30m..120m; the budget is END-START."),
            new("budget", Duration, false, "Time budget (overrides the window's length)."),
            new("steps", ListOf(Step), true, "The phase's steps."),
        ]);

    public static readonly ObjectShape StepShape = new(Step, "Step", "One unit of a plan; exactly one kind key.", StepFields(withIdRequired: true, nested: false))
    {
        ExactlyOneOf = StepKinds,
    };

    public static readonly ObjectShape CompensationShape = new(Compensation, "Compensation",
        "A step run when its owner fails with on-failure: compensate; exactly one kind key; id defaults to <owner>-compensate.",
        StepFields(withIdRequired: false, nested: true))
    {
        ExactlyOneOf = StepKinds,
    };

    public static readonly ObjectShape ApprovalShape = new(Approval, "Approval", "A decision gate.",
        [
            new("prompt", Text, true, "The question put to the approvers."),
            new("approvers", TextList, true, "Contact ids who may decide."),
            new("count", WholeNumber, false, "How many must approve (default 1)."),
            new("timeout", Duration, false, "How long to wait for a decision."),
            new("on-timeout", OneOf([.. ApprovalTimeoutValues]), false, "reject (default) or approve."),
        ]);

    public static readonly ObjectShape ManualShape = new(Manual, "Manual task", "A task a human performs and confirms.",
        [
            new("instructions", Text, true, "What to do."),
            new("operators", TextList, false, "Contact ids who may confirm it."),
        ]);

    public static readonly ObjectShape NotifyShape = new(Notify, "Notification", "A message to contacts.",
        [
            new("to", TextList, true, "Contact ids."),
            new("template", Text, false, "A message template rendered from the live run: axis-initial, axis-status-update, axis-recovery-complete, medzen-internal-status, medzen-user-notification or medzen-post-incident-review. Without one, subject and message are required."),
            new("subject", Text, false, "Subject line; may hold expressions. Required without a template."),
            new("message", Text, false, "Body; may hold expressions. Required without a template."),
            new("reason", Text, false, "Why the message goes out, shown by templates (axis-initial's Reason line); may hold expressions, e.g. ${{ inputs.reason }}."),
            new("workaround", Text, false, "What users can do meanwhile, one line, shown by a user notification template (medzen-user-notification's Workaround line); only with a template; may hold expressions."),
            new("channel", Text, false, "default, or the id of a notification-channel resource."),
            new("wait-for-delivery", TrueOrFalse, false, "Wait until the channel has delivered the notice before the step succeeds (default false: the notice is queued and the recovery goes on)."),
            new("delivery-timeout", Duration, false, "With wait-for-delivery, how long to wait before the step fails (default 2m)."),
        ]);

    public static readonly ObjectShape ShellShape = new(Shell, "Shell", "A program run with an argument vector (never a shell string).",
        [
            new("argv", TextList, true, "Program and arguments."),
            new("env", TextMap, false, "Extra environment variables."),
            new("workdir", Text, false, "Working directory."),
            new("idempotent", TrueOrFalse, false, "Whether re-running after an interruption is safe (default false)."),
        ]);

    public static readonly ObjectShape RetryShape = new(Retry, "Retry", "How a failed attempt is retried.",
        [
            new("attempts", WholeNumber, true, "Attempts in all, at least 1."),
            new("delay", Duration, false, "Delay before the second attempt (default 1s)."),
            new("backoff", OneOf([.. BackoffValues]), false, "constant (default), linear or exponential."),
            new("max-delay", Duration, false, "Upper bound on the delay."),
            new("on", OneOf([.. RetryOnValues]), false, "any (default) or transient failures only."),
        ]);

    public static readonly IReadOnlyList<ObjectShape> EstateShapes =
        [EstateShape, SiteShape, ObjectivesShape, ContactShape, EscalationLevelShape, SecretShape, ResourceShape, BindingShape, MonitorShape, SandboxShape, SandboxComponentShape, SandboxMemberShape, SandboxScenarioShape, CalendarItemShape, SeverityLevelShape];

    public static readonly IReadOnlyList<ObjectShape> PlanShapes =
        [PlanShape, ObjectiveShape, TriggerShape, StatusUpdatesShape, InputShape, PhaseShape, StepShape, CompensationShape, ApprovalShape, ManualShape, NotifyShape, ShellShape, RetryShape];

    public static ObjectShape Get(string name) =>
        EstateShapes.Concat(PlanShapes).FirstOrDefault(s => s.Name == name) ?? throw new ArgumentException($"no shape '{name}'", nameof(name));

    private static List<FieldShape> StepFields(bool withIdRequired, bool nested)
    {
        var fields = new List<FieldShape>
        {
            new("id", Text, withIdRequired, withIdRequired ? "Unique step id across the plan." : "Step id (default <owner>-compensate)."),
            new("name", Text, false, "Display name (default: the id)."),
        };
        if (!nested)
        {
            fields.Add(new("needs", TextList, false, "Ids of steps that must finish first (this phase or earlier)."));
        }

        fields.AddRange(
        [
            new("action", Text, false, "Kind action: a provider operation, e.g. database.promote."),
            new("check", Text, false, "Kind check: a provider probe, e.g. http.get, repeated until expect holds."),
            new("wait", Duration, false, "Kind wait: a pause."),
            new("approval", ObjectOf(Approval), false, "Kind approval: a decision gate."),
            new("manual", ObjectOf(Manual), false, "Kind manual: a task a human performs."),
            new("notify", ObjectOf(Notify), false, "Kind notify: a message to contacts."),
            new("shell", ObjectOf(Shell), false, "Kind shell: a program run with an argument vector."),
            new("target", Text, false, "Action and check: the resource id operated on."),
            new("with", TextMap, false, "Action and check: inputs of the operation or probe."),
            new("expect", TextMap, false, "Check: field: value conditions; a value may start with !=, <, <=, >, >=, == or contains."),
            new("interval", Duration, false, "Check: time between probes (default 5s)."),
            new("hold", Duration, false, "Check: a soak. The expectation must hold at every probe for this long; the first probe where it does not fails the step."),
            new("timeout", Duration, false, "How long the step may take."),
            new("retry", ObjectOf(Retry), false, "How failed attempts are retried."),
            new("on-failure", OneOf([.. OnFailureValues]), false, "stop (default), continue or compensate."),
        ]);
        if (!nested)
        {
            fields.Add(new("compensate", ObjectOf(Compensation), false, "A step run when this one fails with on-failure: compensate."));
        }

        return fields;
    }
}
