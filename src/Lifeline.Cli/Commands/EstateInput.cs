using System.CommandLine;
using Lifeline.Cli.Hosting;
using Lifeline.Cli.Rendering;
using Lifeline.Core.Diagnostics;
using Lifeline.Core.PlanFiles;

namespace Lifeline.Cli.Commands;

/// <summary>Loading an estate from the command line: options, input parsing, and diagnostics printed all at once.</summary>
internal static class EstateInput
{
    public static Option<string> EstateOption() => new("--estate", "-e")
    {
        Description = "Estate directory (estate.yaml and plans/).",
        Required = true,
    };

    public static Option<string?> ProfileOption(string description) => new("--profile", "-p") { Description = description };

    public static Option<string[]> InputsOption() => new("--input", "-i")
    {
        Description = "Plan input as NAME=VALUE; repeatable.",
        DefaultValueFactory = _ => [],
    };

    /// <summary>NAME=VALUE pairs as a dictionary; malformed ones are reported by <see cref="Load"/>.</summary>
    public static IReadOnlyDictionary<string, string> ParseInputs(string[] inputs) =>
        inputs.Select(i => (Text: i, At: i.IndexOf('=', StringComparison.Ordinal)))
            .Where(i => i.At > 0)
            .GroupBy(i => i.Text[..i.At], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Text[(g.Last().At + 1)..], StringComparer.Ordinal);

    /// <summary>Loads the estate at a path; with onePlan and a plan file as the path, only that plan (validate), not its siblings.</summary>
    public static (LoadedEstate? Estate, int ExitCode) Load(CliServices services, string path, string? profile, string[] inputs, bool json, bool onePlan = false)
    {
        var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<Diagnostic>();
        foreach (var input in inputs)
        {
            var equals = input.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                problems.Add(Diagnostic.Error(new SourceLocation("--input", 0, 0), $"'{input}' is not an input assignment", "NAME=VALUE"));
                continue;
            }

            parsed[input[..equals]] = input[(equals + 1)..];
        }

        var (sources, readProblems) = EstateSources.Read(path);
        problems.AddRange(readProblems);
        if (sources is null || problems.Exists(p => p.IsError))
        {
            DiagnosticsRenderer.Write(problems, json);
            return (null, ExitCodes.BadInput);
        }

        var (loaded, diagnostics) = EstateLoader.Load(onePlan ? PlanScope.Narrow(sources, path) : sources, new LoadOptions(profile, parsed, services.Providers));
        problems.AddRange(diagnostics);
        if (loaded is null)
        {
            DiagnosticsRenderer.Write(problems, json);
            return (null, ExitCodes.BadInput);
        }

        if (problems.Count > 0 && !json)
        {
            DiagnosticsRenderer.Write(problems, json: false);
        }

        return (loaded, ExitCodes.Success);
    }
}
