using System.Text.Json;
using Lifeline.Core.Plans;
using Lifeline.Core.Providers;

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

        attempt.Log.Write($"notify {inputs.Display["to"]}: {inputs.Display["subject"]}");
        var channel = body.Channel ?? session.Estate.Resources
            .FirstOrDefault(r => r.Kind == NotificationChannelKind && r.BindingFor(session.Run.Profile) is not null)?.Id;
        if (channel is null)
        {
            attempt.Log.Write(inputs.Display["message"]);
            return StepResult.Succeeded(new Dictionary<string, string> { ["delivered"] = "false", ["channel"] = "timeline" });
        }

        var (provider, settings, error) = Bind("notify.send", channel);
        if (provider is null)
        {
            return StepResult.Failed(error!);
        }

        var outcome = await provider.ExecuteAsync(new OperationRequest("notify.send", channel, settings.Values, inputs.Values, Context(attempt)), cancellationToken);
        return outcome.Succeeded
            ? StepResult.Succeeded(new Dictionary<string, string>(outcome.Outputs) { ["channel"] = channel })
            : StepResult.Failed(outcome.Error ?? "notification failed", outcome.IsTransient);
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

        var provider = session.Providers.Implementation("shell");
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

        var outcome = await provider.ExecuteAsync(new OperationRequest("shell.run", null, new Dictionary<string, string>(), inputs, Context(attempt)), cancellationToken);
        return outcome.Succeeded
            ? StepResult.Succeeded(outcome.Outputs)
            : StepResult.Failed(outcome.Error ?? "command failed", outcome.IsTransient);
    }
}
