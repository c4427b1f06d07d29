using Lifeline.Core.Diagnostics;
using Lifeline.Core.Estates;
using Lifeline.Core.Plans;

namespace Lifeline.Core.PlanFiles;

/// <summary>
/// Turns <see cref="EstateSources"/> into the model, reporting every problem at once with its file, line and column.
/// Reads nothing from disk; never throws for bad input.
/// </summary>
public static class EstateLoader
{
    /// <returns>The estate and its plans (null when there is any error), and every diagnostic, warnings included, sorted.</returns>
    public static (LoadedEstate? Estate, IReadOnlyList<Diagnostic> Diagnostics) Load(EstateSources sources, LoadOptions options)
    {
        var diagnostics = new DiagnosticList();
        var estate = ReadEstate(sources, options, diagnostics);
        if (estate is null)
        {
            return (null, diagnostics.Sorted());
        }

        var profiles = SelectProfiles(estate, options.Profile, diagnostics);
        var plans = new List<Plan>();
        var scenarios = new Dictionary<string, KeyedLocation>(StringComparer.Ordinal);
        var declaredInputs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (file, text) in sources.Files.Where(f => f.Key != sources.EstateFile).OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var reader = new PlanReader(new FileContext(file, diagnostics), estate, options.Inputs);
            var plan = reader.Read(text);
            declaredInputs.UnionWith(reader.DeclaredInputs);
            if (plan is null)
            {
                continue;
            }

            // A plan written for some profiles only (profiles:) is checked against those; it is refused at run time elsewhere.
            var checkedProfiles = plan.Profiles.Count == 0 ? profiles : [.. profiles.Where(p => plan.Profiles.Contains(p, StringComparer.Ordinal))];
            new PlanValidator(reader, estate, checkedProfiles, options.Catalog, diagnostics, describeWarnings: options.Profile is not null).Validate();
            if (reader.Scenario is { Name.Length: > 0 } scenario && !scenarios.TryAdd(scenario.Name, scenario))
            {
                diagnostics.Error(scenario.Location, $"scenario '{scenario.Name}' is already defined at {scenarios[scenario.Name].Location}", "one plan per scenario");
            }

            plans.Add(plan);
        }

        if (!sources.Narrowed)
        {
            CalendarReferences.Check(estate, scenarios.Keys, diagnostics);
            ScenarioReferences.Check(estate, plans, diagnostics);
        }

        foreach (var input in options.Inputs.Keys.Where(k => !declaredInputs.Contains(k)).Order(StringComparer.Ordinal))
        {
            diagnostics.Error(new SourceLocation(sources.Root, 0, 0), $"input '{input}' is not declared by any plan{Suggestions.DidYouMean(input, declaredInputs)}",
                declaredInputs.Count == 0 ? "no --input (the plans declare none)" : ShapeText.OneOf(declaredInputs.Order(StringComparer.Ordinal)));
        }

        var sorted = diagnostics.Sorted();
        return (diagnostics.HasErrors ? null : new LoadedEstate(estate, plans, sources), sorted);
    }

    private static Estate? ReadEstate(EstateSources sources, LoadOptions options, DiagnosticList diagnostics)
    {
        if (!sources.Files.TryGetValue(sources.EstateFile, out var text))
        {
            diagnostics.Error(new SourceLocation(sources.EstateFile, 0, 0), $"no estate at {sources.Root}", $"a directory with {EstateSources.EstateFileName}");
            return null;
        }

        return new EstateReader(new FileContext(sources.EstateFile, diagnostics), options.Catalog).Read(text);
    }

    private static IReadOnlyList<string> SelectProfiles(Estate estate, string? profile, DiagnosticList diagnostics)
    {
        if (profile is null)
        {
            return estate.Profiles;
        }

        if (!estate.Profiles.Contains(profile))
        {
            diagnostics.Error(estate.Location, $"profile '{profile}' is not declared by the estate{Suggestions.DidYouMean(profile, estate.Profiles)}", ShapeText.OneOf(estate.Profiles));
            return [];
        }

        return [profile];
    }
}
