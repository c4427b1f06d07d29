using Lifeline.Core.Expressions;
using Lifeline.Core.Plans;
using Lifeline.Core.Providers;
using Lifeline.Core.Time;
using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Reports;
using Lifeline.Engine.Scheduling;
using Lifeline.Engine.Steps;

namespace Lifeline.Engine.DryRun;

/// <summary>Describes a run without executing anything.</summary>
internal static class DryRunDescriber
{
    public static DryRunReport Describe(RunSession session) => Describe(session, out _);

    /// <summary>Describes the run, and lists what a real run could not resolve (unset environment, missing secrets).</summary>
    public static DryRunReport Describe(RunSession session, out IReadOnlyList<string> unresolved)
    {
        var warnings = new List<string>();
        var context = new DryRunExpressionContext(session, warnings);
        var plan = session.Plan;
        var phases = plan.Phases.Select(phase => new DryRunPhase(
            phase.Id,
            phase.Name,
            phase.Budget.TotalSeconds,
            phase.WindowStart is { } s && phase.WindowEnd is { } e ? $"{DurationText.Format(s)}..{DurationText.Format(e)}" : null,
            [.. phase.Steps.Select(step => DescribeStep(step, session, context))])).ToList();
        TimeSpan? objective = plan.RtoTier is not null && session.Estate.Objectives.Rto.TryGetValue(plan.RtoTier, out var o) ? o : null;
        var totalBudget = plan.Phases.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Budget);
        unresolved = context.Unresolved;
        return new DryRunReport(
            plan.Scenario,
            session.Estate.Name,
            session.Run.Profile,
            WireName.Of(Core.Providers.RunMode.DryRun),
            plan.Severity,
            plan.RtoTier,
            objective?.TotalSeconds,
            totalBudget.TotalSeconds,
            phases,
            warnings);
    }

    private static DryRunStep DescribeStep(Step step, RunSession session, IExpressionContext context)
    {
        string? target = null;
        string does;
        IReadOnlyDictionary<string, string> inputs = new Dictionary<string, string>();
        switch (step.Body)
        {
            case ActionBody action:
                target = action.Target;
                does = action.Target is null ? action.Operation : $"{action.Operation} on {action.Target}";
                inputs = Display(action.With, context);
                break;
            case CheckBody check:
                target = check.Target;
                does = check.Hold is { } hold
                    ? $"{check.Probe}{(check.Target is null ? "" : $" on {check.Target}")}: {string.Join(", ", check.Expect)} holds for {DurationText.Format(hold)} (every {DurationText.Format(check.Interval)})"
                    : $"{check.Probe}{(check.Target is null ? "" : $" on {check.Target}")} until {string.Join(", ", check.Expect)} (every {DurationText.Format(check.Interval)})";
                inputs = Display(check.With, context);
                break;
            case WaitBody wait:
                does = $"wait {DurationText.Format(wait.Duration)}";
                break;
            case ApprovalBody approval:
                does = $"approval by {(approval.Approvers.Count == 0 ? "any operator" : string.Join(" or ", approval.Approvers))} ({approval.Count} needed): {approval.Prompt}"
                    + (approval.Timeout is { } t ? $"; after {DurationText.Format(t)}: {WireName.Of(approval.OnTimeout)}" : "");
                break;
            case ManualBody manual:
                does = $"manual task for {(manual.Operators.Count == 0 ? "any operator" : string.Join(" or ", manual.Operators))}: {manual.Instructions}";
                break;
            case NotifyBody notify:
                does = $"notify {string.Join(", ", notify.To)}";
                inputs = Display(new Dictionary<string, string> { ["subject"] = notify.Subject, ["message"] = notify.Message }, context);
                break;
            case ShellBody shell:
                does = "run " + string.Join(' ', shell.Argv.Select(a => Resolve(a, context)));
                inputs = Display(shell.Env, context);
                break;
            default:
                does = step.Kind.ToString();
                break;
        }

        var binding = target is null ? null : session.Estate.FindResource(target)?.BindingFor(session.Run.Profile);
        var commands = Preview(step, session, binding, target, inputs, context);
        var providerName = binding?.Provider ?? (step.Body is ActionBody a ? Operations.UntargetedProvider(a.Operation) : step.Body is CheckBody c ? Operations.UntargetedProvider(c.Probe) : null);
        var descriptor = providerName is null ? null : session.Providers.Find(providerName);
        var retry = step.Retry.Attempts <= 1
            ? "none"
            : $"{step.Retry.Attempts} attempts, {WireName.Of(step.Retry.Backoff)} backoff from {DurationText.Format(step.Retry.Delay)}{(step.Retry.TransientOnly ? ", transient failures only" : "")}";
        return new DryRunStep(
            step.Id,
            step.Name,
            RunReportBuilder.Kind(step),
            does,
            target,
            providerName,
            descriptor?.CanExecute,
            RunExecutor.IsIdempotent(step, session),
            step.Needs,
            inputs,
            binding is null ? new Dictionary<string, string>() : Display(binding.Settings, context),
            StepDefaults.TimeoutFor(step)?.TotalSeconds,
            retry,
            WireName.Of(step.OnFailure),
            step.Compensation?.Id)
        {
            Commands = commands,
        };
    }

    /// <summary>
    /// The commands a step's provider would run, from the same masked settings and inputs the dry-run shows. A notify step
    /// previews its channel's provider.
    /// </summary>
    private static IReadOnlyList<string>? Preview(Step step, RunSession session, Core.Estates.Binding? binding, string? target, IReadOnlyDictionary<string, string> inputs, IExpressionContext context)
    {
        var (operation, resource) = step.Body switch
        {
            ActionBody a => (a.Operation, target),
            CheckBody c => (c.Probe, target),
            NotifyBody n => (Operations.Notify.Send.Name, n.Channel),
            _ => (null, null),
        };
        if (operation is null || resource is null)
        {
            return null;
        }

        binding ??= session.Estate.FindResource(resource)?.BindingFor(session.Run.Profile);
        if (binding is null || session.Providers.Implementation(binding.Provider) is not ICommandPreview preview)
        {
            return null;
        }

        var settings = Steps.SiteSettings.WithSiteDefaults(session.Estate, session.Estate.FindResource(resource), binding, session.Providers.Find(binding.Provider));
        var request = new OperationRequest(operation, resource, Display(settings, context), inputs, new StepContext(session.Run.Id, step.Id, 0, session.Run.Epoch, RunMode.DryRun, SilentLog.Instance));
        var commands = preview.PreviewCommands(request);
        return commands.Count == 0 ? null : commands;
    }

    private sealed class SilentLog : IStepLog
    {
        public static readonly SilentLog Instance = new();

        public void Write(string line)
        {
        }
    }

    private static Dictionary<string, string> Display(IReadOnlyDictionary<string, string> templates, IExpressionContext context) =>
        templates.ToDictionary(kv => kv.Key, kv => Resolve(kv.Value, context), StringComparer.Ordinal);

    private static string Resolve(string template, IExpressionContext context)
    {
        var (text, errors) = ExpressionEvaluator.Resolve(template, context);
        return text?.Display ?? $"<unresolved: {string.Join("; ", errors)}>";
    }
}
