using System.Text.Json;
using Lifeline.Core.Plans;
using Lifeline.Core.Providers;
using Lifeline.Engine.Deliveries;
using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Runs;

namespace Lifeline.Engine.Steps;

internal sealed partial class StepRunner
{
    public const string NotificationChannelKind = "notification-channel";

    /// <summary>
    /// Sends through the named channel resource, or the estate's first notification channel bound in this profile.
    /// With no channel the message is still recorded on the run's timeline.
    /// </summary>
    private async Task<StepResult> RunNotifyAsync(StepAttempt attempt, NotifyBody body, CancellationToken cancellationToken)
    {
        var templates = new Dictionary<string, string>
        {
            ["to"] = string.Join(",", body.To),
            ["subject"] = body.Subject,
            ["message"] = body.Message,
        };
        var inputs = ResolvedInputs.Resolve(templates, _expressions);
        if (!inputs.Ok)
        {
            return StepResult.Failed(string.Join("; ", inputs.Errors));
        }

        if (body.Template is { } template)
        {
            var told = ResolvedInputs.Resolve(new Dictionary<string, string> { ["reason"] = body.Reason ?? "", ["workaround"] = body.Workaround ?? "" }, _expressions);
            if (!told.Ok)
            {
                return StepResult.Failed(string.Join("; ", told.Errors));
            }

            var (rendered, renderError) = await RenderAsync(
                attempt, template, session.Redactor.Redact(told.Display["reason"]), session.Redactor.Redact(told.Display["workaround"]), cancellationToken);
            if (rendered is null)
            {
                return StepResult.Failed(renderError!);
            }

            inputs = inputs with
            {
                Values = new Dictionary<string, string>(inputs.Values) { ["subject"] = rendered["subject"], ["message"] = rendered["body"] },
                Display = new Dictionary<string, string>(inputs.Display) { ["subject"] = session.Redactor.Redact(rendered["subject"]), ["message"] = session.Redactor.Redact(rendered["body"]) },
            };
        }

        // A message leaves the building: it goes out as people see it, with every secret masked (a ${{ secrets.X }}, a
        // secret-holding ${{ env.X }}, or an input that carries one), never as the providers' real values.
        inputs = inputs with
        {
            Values = new Dictionary<string, string>(inputs.Values)
            {
                ["subject"] = session.Redactor.Redact(inputs.Display["subject"]),
                ["message"] = session.Redactor.Redact(inputs.Display["message"]),
            },
        };
        attempt.Log.Write($"notify {inputs.Display["to"]}: {inputs.Display["subject"]}{(body.Template is null ? "" : $" (template {body.Template})")}");
        await QueueForExtraChannelsAsync(attempt, inputs, cancellationToken);
        var channel = body.Channel ?? session.Estate.Resources
            .FirstOrDefault(r => r.Kind == NotificationChannelKind && r.BindingFor(session.Run.Profile) is not null)?.Id;
        if (channel is null)
        {
            attempt.Log.Write(inputs.Display["message"]);
            return StepResult.Succeeded(new Dictionary<string, string> { ["delivered"] = "false", ["channel"] = "timeline" });
        }

        var (provider, settings, error) = Bind(Operations.Notify.Send.Name, channel);
        if (provider is null)
        {
            return StepResult.Failed(error!);
        }

        var binding = session.Estate.FindResource(channel)!.BindingFor(session.Run.Profile)!;
        var queued = await session.Outbox.EnqueueAsync(Request(attempt, channel, binding.Provider, channel, settings.Values, inputs, body.WaitForDelivery), cancellationToken);
        var outputs = new Dictionary<string, string> { ["channel"] = channel, ["delivery"] = queued.Record.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (!body.WaitForDelivery)
        {
            return StepResult.Succeeded(new Dictionary<string, string>(outputs) { ["delivered"] = "queued" });
        }

        // The plan asked for this one explicitly (a regulator's notice, say): the recovery waits, and says so.
        attempt.Log.Write($"waiting up to {Core.Time.DurationText.Format(body.DeliveryTimeout)} for delivery through {channel}");
        DeliveryRecord done;
        try
        {
            done = await queued.Completion.WaitAsync(body.DeliveryTimeout, session.Time, cancellationToken);
        }
        catch (TimeoutException)
        {
            return StepResult.Failed($"the notice was not delivered through {channel} within {Core.Time.DurationText.Format(body.DeliveryTimeout)} (wait-for-delivery); it stays queued");
        }

        return done.Status == DeliveryStatus.Sent
            ? StepResult.Succeeded(new Dictionary<string, string>(outputs) { ["delivered"] = "true", ["attempts"] = done.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            : StepResult.Failed($"the notice was not delivered through {channel}: {done.Error}");
    }

    /// <summary>A run's extra channels get every message too, queued like the rest; they never fail or slow the step.</summary>
    private async Task QueueForExtraChannelsAsync(StepAttempt attempt, ResolvedInputs message, CancellationToken cancellationToken)
    {
        foreach (var extra in session.Behaviour.ExtraChannels)
        {
            if (session.Providers.Implementation(extra.Provider) is null)
            {
                attempt.Log.Write($"warning: extra channel '{extra.Provider}' is not a provider here");
                continue;
            }

            await session.Outbox.EnqueueAsync(Request(attempt, extra.Provider, extra.Provider, null, extra.Settings, message, required: false), cancellationToken);
        }
    }

    private DeliveryRequest Request(StepAttempt attempt, string channel, string provider, string? target, IReadOnlyDictionary<string, string> settings, ResolvedInputs message, bool required) =>
        new(attempt.Phase.Id, attempt.Step.Id, channel, provider, target, settings, message.Values, message.Display["to"], message.Display["subject"], required);

    /// <summary>
    /// Renders a message template from what the run knows now: each phase done, running or pending, the RTO clock's
    /// start, the plan's severity. Step outputs are never passed, so no patient data can reach a message.
    /// </summary>
    private async Task<(IReadOnlyDictionary<string, string>? Message, string? Error)> RenderAsync(
        StepAttempt attempt, string template, string reason, string workaround, CancellationToken cancellationToken)
    {
        if (session.Providers.Implementation(Operations.Message.Provider) is not { } renderer)
        {
            return (null, "message templates are not available in this build");
        }

        var phases = session.Plan.Phases.Select(phase =>
        {
            var states = phase.Steps.Select(s => session.States[s.Id].Status).ToList();
            var state = states.TrueForAll(s => s.IsTerminal()) ? "done"
                : phase.Steps.Any(s => session.States[s.Id].StartedAt is not null) ? "running"
                : "pending";
            return new Dictionary<string, object> { ["name"] = phase.Name, ["state"] = state, ["budget_s"] = phase.Budget.TotalSeconds };
        }).ToList();
        var contact = session.Estate.Contacts.FirstOrDefault()?.Name ?? "";
        var system = string.IsNullOrWhiteSpace(session.Estate.Description) ? session.Estate.Name : session.Estate.Description.Split(" - ")[0].Trim();
        var facts = new Dictionary<string, string>
        {
            ["template"] = template,
            ["phases"] = JsonSerializer.Serialize(phases),
            ["title"] = system,
            ["services"] = system,
            ["severity"] = session.Plan.Severity,
            ["status"] = phases.TrueForAll(p => (string)p["state"] == "done") ? "Resolved" : "Mitigating",
            ["run-id"] = session.Run.Id,
            ["scenario"] = session.Plan.Scenario,
            ["started-at"] = session.Run.ClockStart.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["contact"] = contact,
            ["reason"] = reason,
            ["workaround"] = workaround,
        };
        var outcome = await renderer.ExecuteAsync(new OperationRequest(Operations.Message.Render.Name, null, new Dictionary<string, string>(), facts, Context(attempt)), cancellationToken);
        return outcome.Succeeded ? (outcome.Outputs, null) : (null, outcome.Error);
    }

    private async Task<StepResult> RunShellAsync(StepAttempt attempt, ShellBody body, CancellationToken cancellationToken)
    {
        var argv = new List<string>();
        var display = new List<string>();
        foreach (var arg in body.Argv)
        {
            var (text, errors) = Core.Expressions.ExpressionEvaluator.Resolve(arg, _expressions);
            if (text is null)
            {
                return StepResult.Failed(string.Join("; ", errors));
            }

            argv.Add(text.Value);
            display.Add(text.Display);
        }

        var env = ResolvedInputs.Resolve(body.Env, _expressions);
        if (!env.Ok)
        {
            return StepResult.Failed(string.Join("; ", env.Errors));
        }

        var provider = session.Providers.Implementation(Operations.Shell.Provider);
        if (provider is null)
        {
            return StepResult.Failed("provider 'shell' is not available");
        }

        attempt.Log.Write("$ " + string.Join(' ', display));
        var inputs = new Dictionary<string, string>
        {
            ["argv"] = JsonSerializer.Serialize(argv, Checkpoints.StoreJson.Default.ListString),
            ["env"] = JsonSerializer.Serialize(env.Values, Checkpoints.StoreJson.Default.IReadOnlyDictionaryStringString),
        };
        if (body.WorkingDirectory is not null)
        {
            inputs["workdir"] = body.WorkingDirectory;
        }

        var outcome = await provider.ExecuteAsync(new OperationRequest(Operations.Shell.Run.Name, null, new Dictionary<string, string>(), inputs, Context(attempt)), cancellationToken);
        return outcome.Succeeded
            ? StepResult.Succeeded(outcome.Outputs)
            : StepResult.Failed(outcome.Error ?? "command failed", outcome.IsTransient);
    }
}
