using Lifeline.Core.Plans;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Scheduling;

namespace Lifeline.Engine.Steps;

/// <summary>Performs one attempt of a step, by kind. Never throws for expected failures; returns a <see cref="StepResult"/>.</summary>
internal sealed partial class StepRunner(RunSession session)
{
    private readonly RunExpressionContext _expressions = new(session);

    public async Task<StepResult> RunAsync(StepAttempt attempt, CancellationToken cancellationToken)
    {
        try
        {
            return attempt.Step.Body switch
            {
                ActionBody action => await RunActionAsync(attempt, action, cancellationToken),
                CheckBody check => await RunCheckAsync(attempt, check, cancellationToken),
                WaitBody wait => await RunWaitAsync(attempt, wait, cancellationToken),
                ApprovalBody approval => await RunGateAsync(attempt, approval.Count, approval.Approvers, approval.Timeout, approval.OnTimeout, cancellationToken),
                ManualBody manual => await RunGateAsync(attempt, 1, manual.Operators, null, ApprovalTimeout.Reject, cancellationToken),
                NotifyBody notify => await RunNotifyAsync(attempt, notify, cancellationToken),
                ShellBody shell => await RunShellAsync(attempt, shell, cancellationToken),
                _ => StepResult.Failed($"step kind {attempt.Step.Kind} is not supported"),
            };
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex)
        {
            // A provider bug must not take the run down with it: it fails this step, visibly.
            return StepResult.Failed($"{WireName.Of(attempt.Step.Kind)} failed unexpectedly: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private StepContext Context(StepAttempt attempt) =>
        new(session.Run.Id, attempt.Step.Id, attempt.Attempt, session.Run.Epoch, session.Run.Mode, attempt.Log);

    /// <summary>Finds the provider for an operation: the target's binding in this run's profile, or the vocabulary's untargeted provider.</summary>
    private (IProvider? Provider, ResolvedInputs Settings, string? Error) Bind(string operation, string? target)
    {
        string? providerName;
        IReadOnlyDictionary<string, string> settings = new Dictionary<string, string>();
        if (target is not null)
        {
            var resource = session.Estate.FindResource(target);
            var binding = resource?.BindingFor(session.Run.Profile);
            if (binding is null)
            {
                return (null, ResolvedInputs.Resolve(settings, _expressions), $"resource '{target}' has no binding for profile '{session.Run.Profile}'");
            }

            providerName = binding.Provider;
            settings = SiteSettings.WithSiteDefaults(session.Estate, resource, binding, session.Providers.Find(providerName));
        }
        else
        {
            providerName = Operations.UntargetedProvider(operation);
            if (providerName is null)
            {
                return (null, ResolvedInputs.Resolve(settings, _expressions), $"'{operation}' needs a target");
            }
        }

        var resolved = ResolvedInputs.Resolve(settings, _expressions);
        var provider = session.Providers.Implementation(providerName);
        if (provider is null)
        {
            return session.Providers.Find(providerName) is null
                ? (null, resolved, $"provider '{providerName}' is not known")
                : (null, resolved, $"provider '{providerName}' is described only in this build and cannot execute '{operation}'; dry-run it, or use a profile whose providers run here");
        }

        return resolved.Ok
            ? (provider, resolved, null)
            : (null, resolved, $"settings of '{target}' could not be resolved: {string.Join("; ", resolved.Errors)}");
    }
}
