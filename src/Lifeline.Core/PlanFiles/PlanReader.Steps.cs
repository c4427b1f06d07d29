using Lifeline.Core.Plans;
using Lifeline.Core.Schema;
using Lifeline.Core.Time;

namespace Lifeline.Core.PlanFiles;

internal sealed partial class PlanReader
{
    private static readonly string[] ActionAndCheckOnly = ["target", "with"];

    private Step? ReadStep(MappingReader reader, int phaseIndex, string? owner)
    {
        var id = reader.String("id") ?? (owner is null ? "" : $"{owner}-compensate");
        var syntax = new StepSyntax(id, phaseIndex, owner, reader.ValueLocation("id") ?? reader.Location);
        Steps.Add(syntax);

        var kind = FileShapes.StepKinds.FirstOrDefault(reader.Has);
        foreach (var key in ActionAndCheckOnly.Where(k => reader.Has(k) && kind is not ("action" or "check")))
        {
            Diagnostics.Error(reader.KeyLocation(key)!, $"'{key}' only applies to action and check steps", $"'{key}' on an action or check step");
        }

        foreach (var key in new[] { "expect", "interval", "hold" }.Where(k => reader.Has(k) && kind is not "check"))
        {
            Diagnostics.Error(reader.KeyLocation(key)!, $"'{key}' only applies to check steps", $"'{key}' on a check step");
        }

        var body = kind is null ? null : ReadBody(reader, kind, syntax);
        syntax.Body = body;

        foreach (var need in reader.Shape.Find("needs") is null ? [] : reader.StringList("needs"))
        {
            syntax.Needs.Add(need);
        }

        var timeout = reader.Duration("timeout");
        syntax.Timeout = reader.ValueLocation("timeout");
        var retry = ReadRetry(reader);
        var onFailure = reader.Enum("on-failure") switch
        {
            "continue" => OnFailure.Continue,
            "compensate" => OnFailure.Compensate,
            _ => OnFailure.Stop,
        };

        Step? compensation = null;
        if (reader.Shape.Find("compensate") is not null)
        {
            var compensate = reader.Object("compensate", $"the compensation of step '{id}'");
            if (compensate is not null)
            {
                compensation = ReadStep(compensate, phaseIndex, id);
                if (onFailure != OnFailure.Compensate)
                {
                    Diagnostics.Warning(reader.KeyLocation("compensate")!, $"step '{id}' has a compensation that never runs", "on-failure: compensate");
                }
            }
            else if (onFailure == OnFailure.Compensate)
            {
                Diagnostics.Error(reader.ValueLocation("on-failure")!, $"step '{id}' has on-failure: compensate but no compensate step", "compensate: a step body");
            }
        }

        if (body is null)
        {
            return null;
        }

        var step = new Step(id, reader.String("name") ?? id, body, [.. syntax.Needs.Select(n => n.Name)], timeout, retry, onFailure, compensation, syntax.Location);
        syntax.Step = step;
        return step;
    }

    private StepBody? ReadBody(MappingReader reader, string kind, StepSyntax syntax)
    {
        switch (kind)
        {
            case "action":
            case "check":
                {
                    var operation = reader.String(kind) ?? "";
                    syntax.Operation = new KeyedLocation(operation, reader.ValueLocation(kind)!);
                    var target = reader.String("target");
                    syntax.Target = target is null ? null : new KeyedLocation(target, reader.ValueLocation("target")!);
                    syntax.With.AddRange(reader.ScalarMap("with"));
                    syntax.Texts.AddRange(syntax.With.Select(w => new TextSite(w.Value, w.ValueLocation)));
                    var with = syntax.With.ToDictionary(w => w.Key, w => w.Value, StringComparer.Ordinal);
                    if (kind == "action")
                    {
                        return new ActionBody(operation, target, with);
                    }

                    syntax.Expect.AddRange(reader.ScalarMap("expect"));
                    syntax.Texts.AddRange(syntax.Expect.Select(e => new TextSite(e.Value, e.ValueLocation)));
                    if (!reader.Has("expect"))
                    {
                        Diagnostics.Error(reader.KeyLocation("check")!, $"check '{operation}' has no expect", "expect: { field: value }");
                    }

                    var hold = reader.Duration("hold");
                    if (hold is { } soak && reader.Duration("timeout") is { } limit && limit < soak)
                    {
                        Diagnostics.Error(reader.ValueLocation("timeout")!, $"'timeout' ({DurationText.Format(limit)}) is shorter than 'hold' ({DurationText.Format(soak)}), so the check could never pass", "a timeout of at least the hold, or none");
                    }

                    return new CheckBody(operation, target, with, [.. syntax.Expect.Select(e => ExpectationText.Parse(e.Key, e.Value))],
                        reader.Duration("interval") ?? TimeSpan.FromSeconds(5)) { Hold = hold };
                }

            case "wait":
                return reader.Duration("wait") is { } duration ? new WaitBody(duration) : null;
            case "approval":
                return ReadApproval(reader, syntax);
            case "manual":
                {
                    var manual = reader.Object("manual", "the manual task");
                    if (manual is null)
                    {
                        return null;
                    }

                    var operators = manual.StringList("operators");
                    syntax.Contacts.AddRange(operators);
                    var instructions = manual.String("instructions") ?? "";
                    syntax.Texts.Add(new TextSite(instructions, manual.ValueLocation("instructions") ?? manual.Location));
                    return new ManualBody(instructions, [.. operators.Select(o => o.Name)]);
                }

            case "notify":
                {
                    var notify = reader.Object("notify", "the notification");
                    if (notify is null)
                    {
                        return null;
                    }

                    var to = notify.StringList("to");
                    syntax.Contacts.AddRange(to);
                    var template = notify.String("template");
                    var subject = notify.String("subject") ?? "";
                    var message = notify.String("message") ?? "";
                    if (template is null && (notify.String("subject") is null || notify.String("message") is null))
                    {
                        Diagnostics.Error(notify.Location, "a notification needs a subject and a message, or a template", "subject: and message:, or template: NAME");
                    }

                    syntax.Texts.Add(new TextSite(subject, notify.ValueLocation("subject") ?? notify.Location));
                    syntax.Texts.Add(new TextSite(message, notify.ValueLocation("message") ?? notify.Location));
                    var reason = notify.String("reason");
                    if (reason is not null)
                    {
                        syntax.Texts.Add(new TextSite(reason, notify.ValueLocation("reason") ?? notify.Location));
                    }

                    var workaround = ReadWorkaround(notify, template, syntax);
                    var channel = notify.String("channel");
                    syntax.Channel = channel is null ? null : new KeyedLocation(channel, notify.ValueLocation("channel")!);
                    var wait = notify.Boolean("wait-for-delivery") ?? false;
                    var timeout = notify.Duration("delivery-timeout");
                    if (timeout is not null && !wait)
                    {
                        Diagnostics.Error(notify.ValueLocation("delivery-timeout") ?? notify.Location, "'delivery-timeout' applies only with 'wait-for-delivery: true'", "wait-for-delivery: true, or no delivery-timeout");
                    }

                    return new NotifyBody([.. to.Select(t => t.Name)], subject, message, channel)
                    {
                        Template = template,
                        Reason = reason,
                        Workaround = workaround,
                        WaitForDelivery = wait,
                        DeliveryTimeout = timeout ?? NotifyBody.DefaultDeliveryTimeout,
                    };
                }

            default:
                return ReadShell(reader, syntax);
        }
    }

    /// <summary>
    /// A user notice's workaround: one line a template shows (the runbook's "Workaround:" field), so it needs a template,
    /// some text, and no line break that would spill past its field.
    /// </summary>
    private string? ReadWorkaround(MappingReader notify, string? template, StepSyntax syntax)
    {
        var workaround = notify.String("workaround");
        if (workaround is null)
        {
            return null;
        }

        var location = notify.ValueLocation("workaround") ?? notify.Location;
        if (template is null)
        {
            Diagnostics.Error(location, "'workaround' is shown only by a message template; this notification has subject and message", "template: medzen-user-notification, or the workaround written into message:");
        }
        else if (string.IsNullOrWhiteSpace(workaround))
        {
            Diagnostics.Error(location, "'workaround' is empty", "what users can do meanwhile, e.g. \"Join the call by phone from the appointment page\", or no workaround");
        }
        else if (workaround.Trim().Contains('\n', StringComparison.Ordinal))
        {
            Diagnostics.Error(location, "'workaround' spans several lines; the notice shows it on its one Workaround: line", "one line (a folded >- scalar, not a literal | block)");
        }

        syntax.Texts.Add(new TextSite(workaround, location));
        return workaround.Trim();
    }

    private ApprovalBody? ReadApproval(MappingReader reader, StepSyntax syntax)
    {
        var approval = reader.Object("approval", "the approval");
        if (approval is null)
        {
            return null;
        }

        var approvers = approval.StringList("approvers");
        syntax.Contacts.AddRange(approvers);
        var prompt = approval.String("prompt") ?? "";
        syntax.Texts.Add(new TextSite(prompt, approval.ValueLocation("prompt") ?? approval.Location));
        var count = approval.Integer("count") ?? 1;
        if (count < 1 || (approvers.Count > 0 && count > approvers.Count))
        {
            approval.BadValue("count", $"approval count {count} cannot be met by {approvers.Count} approver(s)", $"a count from 1 to {Math.Max(1, approvers.Count)}");
        }

        var onTimeout = approval.Enum("on-timeout") == "approve" ? ApprovalTimeout.Approve : ApprovalTimeout.Reject;
        return new ApprovalBody(prompt, [.. approvers.Select(a => a.Name)], count, approval.Duration("timeout"), onTimeout);
    }

    private ShellBody? ReadShell(MappingReader reader, StepSyntax syntax)
    {
        var shell = reader.Object("shell", "the shell step");
        if (shell is null)
        {
            return null;
        }

        var argv = shell.StringList("argv");
        if (shell.Has("argv") && argv.Count == 0)
        {
            shell.BadValue("argv", "argv is empty", "the program and its arguments, e.g. [bash, -c, \"echo hi\"]");
        }

        var env = shell.ScalarMap("env");
        syntax.Texts.AddRange(argv.Select(a => new TextSite(a.Name, a.Location)));
        syntax.Texts.AddRange(env.Select(e => new TextSite(e.Value, e.ValueLocation)));
        var workdir = shell.String("workdir");
        if (workdir is not null)
        {
            syntax.Texts.Add(new TextSite(workdir, shell.ValueLocation("workdir")!));
        }

        return new ShellBody([.. argv.Select(a => a.Name)], env.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal), workdir, shell.Boolean("idempotent") ?? false);
    }

    private static RetryPolicy ReadRetry(MappingReader step)
    {
        var retry = step.Object("retry", "the retry policy");
        if (retry is null)
        {
            return RetryPolicy.None;
        }

        var attempts = retry.Integer("attempts") ?? 1;
        if (attempts < 1)
        {
            retry.BadValue("attempts", $"attempts is {attempts}", "at least 1 (attempts in all, the first included)");
        }

        var backoff = retry.Enum("backoff") switch
        {
            "linear" => RetryBackoff.Linear,
            "exponential" => RetryBackoff.Exponential,
            _ => RetryBackoff.Constant,
        };
        return new RetryPolicy(Math.Max(1, attempts), retry.Duration("delay") ?? TimeSpan.FromSeconds(1), backoff, retry.Duration("max-delay"), retry.Enum("on") == "transient");
    }
}
