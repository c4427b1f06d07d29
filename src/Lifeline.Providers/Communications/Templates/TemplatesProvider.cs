using System.Globalization;
using System.Text.Json;
using Lifeline.Core.Diagnostics;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Providers.Communications.Templates;

/// <summary>
/// Renders the shipped message templates from facts the engine passes (phases and their state, times, people) —
/// never from step outputs — so a notify step with <c>template:</c> says what the run is doing right now.
/// </summary>
internal sealed class TemplatesProvider(TimeProvider time) : IProvider, IPreparesAhead
{
    public ProviderDescriptor Descriptor { get; } = new(Operations.Message.Provider, "Message templates rendered from live run state (PHI allow-listed).", [Operations.Message.Render], [], []);

    public ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        var inputs = request.Inputs;
        var name = inputs.GetValueOrDefault("template") ?? "";
        if (!TemplateCatalog.Names.Contains(name))
        {
            return ValueTask.FromResult(OperationOutcome.Failure(
                $"no message template '{name}'{Suggestions.DidYouMean(name, TemplateCatalog.Names)}; expected one of {string.Join(", ", TemplateCatalog.Names.Order(StringComparer.Ordinal))}"));
        }

        List<PhaseProgress> phases;
        try
        {
            phases = [.. JsonDocument.Parse(inputs.GetValueOrDefault("phases") ?? "[]").RootElement.EnumerateArray().Select(p => new PhaseProgress(
                p.GetProperty("name").GetString() ?? "",
                WireName.Parse<PhaseState>(p.GetProperty("state").GetString() ?? "pending"),
                TimeSpan.FromSeconds(p.GetProperty("budget_s").GetDouble())))];
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or ArgumentException or InvalidOperationException)
        {
            return ValueTask.FromResult(OperationOutcome.Failure($"phases is not a JSON array of {{name, state, budget_s}}: {ex.Message}"));
        }

        var startedAt = DateTimeOffset.TryParse(inputs.GetValueOrDefault("started-at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var s) ? s : time.GetUtcNow();
        var interval = Core.Time.DurationText.TryParse(inputs.GetValueOrDefault("update-interval"), out var i) ? i : TimeSpan.FromMinutes(30);
        var facts = new IncidentFacts(
            inputs.GetValueOrDefault("title") ?? "",
            inputs.GetValueOrDefault("severity") ?? "",
            inputs.GetValueOrDefault("status") ?? "",
            inputs.GetValueOrDefault("run-id") ?? "",
            inputs.GetValueOrDefault("scenario") ?? "",
            startedAt,
            phases,
            interval,
            inputs.GetValueOrDefault("contact") ?? "",
            [.. (inputs.GetValueOrDefault("services") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)])
        {
            Reason = inputs.GetValueOrDefault("reason") ?? "",
            Workaround = inputs.GetValueOrDefault("workaround") ?? "",
        };
        var message = TemplateCatalog.Render(name, MessageModel.From(facts, time.GetUtcNow()));
        return ValueTask.FromResult(OperationOutcome.Success(new Dictionary<string, string> { ["subject"] = message.Subject, ["body"] = message.Body }));
    }

    public ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProbeOutcome.Invalid("the templates provider has no probes"));

    /// <summary>
    /// Loads the catalog and renders each template once, off the run's flow: a fresh process's first render (parsing the
    /// catalog, compiling the renderer) took 0.2-1.9 s on a busy host, inside the first notify step, before the failover.
    /// </summary>
    public Task PrepareAsync(CancellationToken cancellationToken) => Task.Run(
        () =>
        {
            var model = MessageModel.From(new IncidentFacts("", "", "", "", "", time.GetUtcNow(), [], TimeSpan.FromMinutes(30), "", []), time.GetUtcNow());
            foreach (var name in TemplateCatalog.Names)
            {
                cancellationToken.ThrowIfCancellationRequested();
                TemplateCatalog.Render(name, model);
            }
        },
        cancellationToken);
}
