using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Lifeline.Core.PlanFiles;
using Lifeline.Engine.Readiness;
using Lifeline.Sandbox.Tests.Detection;

namespace Lifeline.Sandbox.Tests.Readiness;

/// <summary>
/// The Axis Imaging example estate against a real sandbox. The runbook's contacts are placeholders ("+61-XXX-XXX-XXX"),
/// which readiness rightly fails; the copy here gives each contact an address, as an operator filling in the runbook would.
/// </summary>
internal static partial class AxisReadiness
{
    public static string ExampleDirectory
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Lifeline.slnx")))
                {
                    return Path.Combine(directory.FullName, "examples", "axis-imaging");
                }
            }

            throw new InvalidOperationException("cannot find the repository root (Lifeline.slnx) above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The example estate with working contacts, edited by <paramref name="edit"/>, loaded for the sandbox profile.</summary>
    public static LoadedEstate Load(string scratch, Func<string, string>? edit = null) =>
        LoadCopy(ExampleDirectory, scratch, text => (edit ?? (t => t))(ContactLine().Replace(text, "  $1: { name: $2, role: $3, email: $1@axis-imaging.test }")));

    /// <summary>A copy of the estate in <paramref name="source"/>, its estate.yaml edited by <paramref name="edit"/>, loaded for the sandbox profile.</summary>
    public static LoadedEstate LoadCopy(string source, string scratch, Func<string, string> edit)
    {
        var directory = Path.Combine(scratch, $"estate-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(directory, EstateSources.PlansFolder));
        foreach (var plan in Directory.GetFiles(Path.Combine(source, EstateSources.PlansFolder), "*.yaml"))
        {
            File.Copy(plan, Path.Combine(directory, EstateSources.PlansFolder, Path.GetFileName(plan)));
        }

        File.WriteAllText(Path.Combine(directory, EstateSources.EstateFileName), edit(File.ReadAllText(Path.Combine(source, EstateSources.EstateFileName))));
        var (sources, problems) = EstateSources.Read(directory);
        var (loaded, diagnostics) = sources is null ? (null, problems) : EstateLoader.Load(sources, new LoadOptions("sandbox", new Dictionary<string, string>(), MonitoredSandbox.Providers));
        return loaded ?? throw new InvalidOperationException(string.Join("\n", diagnostics));
    }

    public static Task<ReadinessReport> CheckAsync(LoadedEstate estate, Func<string, string?> environment, ReadinessOptions? options = null) =>
        new ReadinessChecker(MonitoredSandbox.Providers, TimeProvider.System).CheckAsync(estate, "sandbox", environment, options ?? ReadinessOptions.Default, CancellationToken.None);

    /// <summary>Deletes (values null) or restores an A record through the sandbox's PowerDNS API.</summary>
    public static async Task SetRecordAsync(IReadOnlyDictionary<string, string> variables, string name, IReadOnlyList<string>? values)
    {
        var zone = variables["LIFELINE_SANDBOX_PDNS_ZONE"].TrimEnd('.') + ".";
        using var http = new HttpClient();
        using var message = new HttpRequestMessage(HttpMethod.Patch, $"{variables["LIFELINE_SANDBOX_PDNS_API"]}/api/v1/servers/localhost/zones/{zone}")
        {
            Content = JsonContent.Create(new
            {
                rrsets = new[]
                {
                    new
                    {
                        name = $"{name}.{zone}",
                        type = "A",
                        ttl = 60,
                        changetype = values is null ? "DELETE" : "REPLACE",
                        records = (values ?? []).Select(v => new { content = v, disabled = false }).ToArray(),
                    },
                },
            }),
        };
        message.Headers.Add("X-API-Key", variables["LIFELINE_SECRET_SANDBOX_PDNS_API_KEY"]);
        using var response = await http.SendAsync(message);
        response.EnsureSuccessStatusCode();
    }

    public static void OnlyRed(ReadinessReport report, ReadinessItemKind kind, string cause)
    {
        var red = report.Items.Where(i => i.Status == ReadinessStatus.Fail).ToList();
        Assert.True(red.Count == 1 && red[0].Kind == kind, $"expected only {kind} red, got:\n{Describe(report)}");
        Assert.Contains(cause, red[0].Evidence, StringComparison.Ordinal);
    }

    public static string Describe(ReadinessReport report) =>
        string.Join("\n", report.Items.Select(i => $"{i.Kind}: {i.Status}: {i.Evidence}"));

    [GeneratedRegex(@"^  ([a-z][a-z-]*): \{ name: ([^,]+), role: ([^,}]+?)(?:, phone: ""[^""]*"")? \}$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ContactLine();
}
