using Lifeline.Core.Estates;
using Lifeline.Core.Expressions;
using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Secrets;

namespace Lifeline.Engine.Monitoring;

/// <summary>
/// Turns the estate's <c>monitor:</c> blocks into provider probe calls for one profile. postgres, http and dns use the
/// resource's own provider; tcp, tls and command use the generic <c>probe</c> provider with the binding's host and port.
/// </summary>
public static class ProbeCatalog
{
    public static (IReadOnlyList<ProbeCall> Calls, IReadOnlyList<string> Errors) Build(Estate estate, string profile, Func<string, string?> environment, Redactor redactor)
    {
        var calls = new List<ProbeCall>();
        var errors = new List<string>();
        var context = new Scheduling.EstateExpressionContext(estate, profile, new SecretResolver(estate, redactor, environment));
        foreach (var resource in estate.Resources.Where(r => r.Monitor is not null))
        {
            var monitor = resource.Monitor!;
            if (resource.BindingFor(profile) is not { } binding)
            {
                errors.Add($"resource '{resource.Id}' is monitored but has no binding for profile '{profile}'");
                continue;
            }

            var settings = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, template) in binding.Settings)
            {
                var (text, problems) = ExpressionEvaluator.Resolve(template, context);
                if (text is null)
                {
                    errors.Add($"resource '{resource.Id}' setting '{key}': {string.Join("; ", problems)}");
                    continue;
                }

                settings[key] = text.Value;
            }

            var with = new Dictionary<string, string>(monitor.With, StringComparer.Ordinal);
            var expect = new Dictionary<string, string>(StringComparer.Ordinal);
            if (with.Remove("answer", out var answer))
            {
                expect["answer"] = answer;
            }

            if (with.Remove("status", out var status))
            {
                expect["status"] = status;
            }

            with.Remove("fence");
            var (provider, probe) = monitor.Probe switch
            {
                "postgres" => (binding.Provider, Operations.Database.Status.Name),
                "http" => (binding.Provider, Operations.Http.Get.Name),
                "dns" => (binding.Provider, Operations.Dns.Resolve.Name),
                "backup" => (binding.Provider, Operations.Backup.Status.Name),
                "tcp" => (Operations.HealthProbeProvider, Operations.Tcp.Connect.Name),
                "tls" => (Operations.HealthProbeProvider, Operations.Tls.Certificate.Name),
                // A managed certificate through the resource's own provider (aws-acm, or the probe provider's file check).
                "certificate" => (binding.Provider, Operations.Certificate.Status.Name),
                _ => (Operations.HealthProbeProvider, Operations.Command.Run.Name),
            };
            if (monitor.Probe == "http" && !with.ContainsKey("path"))
            {
                with["path"] = "/health";
            }

            calls.Add(new ProbeCall(resource.Id, resource.Site, monitor.Probe, monitor.Critical, provider, probe, settings, with, expect));
        }

        return (calls, errors);
    }
}
