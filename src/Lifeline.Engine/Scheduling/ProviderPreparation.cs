using Lifeline.Core.Estates;
using Lifeline.Core.Plans;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Engine.Scheduling;

/// <summary>
/// Which providers a plan needs prepared (<see cref="IPreparesAhead"/>): those its steps are bound to in a profile, and
/// the message renderer when it sends templated messages. A run prepares them when it starts; a monitor, for the plans
/// it may start, when it starts, so that a failover months later finds them ready.
/// </summary>
internal static class ProviderPreparation
{
    public static IEnumerable<IPreparesAhead> For(IEnumerable<Plan> plans, Estate estate, string profile, ProviderRegistry providers)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var plan in plans)
        {
            var steps = plan.Steps.SelectMany(s => s.Compensation is null ? [s] : new[] { s, s.Compensation }).ToList();
            if (plan.StatusUpdates is not null || steps.Exists(s => s.Body is NotifyBody { Template: not null }))
            {
                names.Add(Operations.Message.Provider);
            }

            foreach (var target in steps.Select(Target).OfType<string>())
            {
                if (estate.FindResource(target)?.BindingFor(profile)?.Provider is { } name)
                {
                    names.Add(name);
                }
            }
        }

        return names.Select(providers.Implementation).OfType<IPreparesAhead>();
    }

    /// <summary>Prepares each at once, side by side; ends when all have, or when <paramref name="cancellationToken"/> is cancelled.</summary>
    public static Task RunAsync(IEnumerable<IPreparesAhead> prepared, CancellationToken cancellationToken) =>
        Task.WhenAll(prepared.Select(p => PrepareAsync(p, cancellationToken)));

    private static string? Target(Step step) => step.Body switch
    {
        ActionBody a => a.Target,
        CheckBody c => c.Target,
        NotifyBody n => n.Channel,
        _ => null,
    };

    private static async Task PrepareAsync(IPreparesAhead provider, CancellationToken cancellationToken)
    {
        try
        {
            await provider.PrepareAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ended first; a step that still needs the provider prepares it then.
        }
        catch (Exception)
        {
            // A preparation only saves time: whatever went wrong, the step that needs the provider meets it again and
            // reports it there, in its own log. It must never fail a run or a monitor that had not needed it yet.
        }
    }
}
