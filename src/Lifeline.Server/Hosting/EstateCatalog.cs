using Lifeline.Core.Diagnostics;
using Lifeline.Core.PlanFiles;
using Lifeline.Core.Providers;

namespace Lifeline.Server.Hosting;

/// <summary>
/// The estates this server serves, by name. Files are read again on every load, so a fixed plan is validated and run
/// as it now is; a run keeps the snapshot it started with.
/// </summary>
internal sealed class EstateCatalog
{
    private readonly Dictionary<string, string> _directories = new(StringComparer.Ordinal);
    private readonly ProviderRegistry _providers;

    public EstateCatalog(ServerOptions options, ProviderRegistry providers)
    {
        _providers = providers;
        foreach (var directory in options.Estates)
        {
            var (loaded, _) = LoadDirectory(directory, null, new Dictionary<string, string>());
            _directories[loaded?.Estate.Name ?? Path.GetFileName(Path.GetFullPath(directory).TrimEnd('/'))] = directory;
        }
    }

    public IReadOnlyCollection<string> Names => _directories.Keys;

    public string? DirectoryOf(string name) => _directories.GetValueOrDefault(name);

    /// <summary>Loads an estate for a profile; null (with diagnostics) when it is unknown or does not load.</summary>
    public (LoadedEstate? Estate, IReadOnlyList<Diagnostic> Diagnostics, bool Known) Load(string name, string? profile, IReadOnlyDictionary<string, string> inputs)
    {
        if (DirectoryOf(name) is not { } directory)
        {
            return (null, [], false);
        }

        var (loaded, diagnostics) = LoadDirectory(directory, profile, inputs);
        return (loaded, diagnostics, true);
    }

    private (LoadedEstate? Estate, IReadOnlyList<Diagnostic> Diagnostics) LoadDirectory(string directory, string? profile, IReadOnlyDictionary<string, string> inputs)
    {
        var (sources, readProblems) = EstateSources.Read(directory);
        if (sources is null || readProblems.Any(p => p.IsError))
        {
            return (null, readProblems);
        }

        try
        {
            var (loaded, diagnostics) = EstateLoader.Load(sources, new LoadOptions(profile, inputs, _providers));
            return (loaded, [.. readProblems, .. diagnostics]);
        }
        catch (OverflowException)
        {
            // A value given over HTTP (say a duration input of 999999999999d) must be a 400, never a 500. The loader
            // range-checks what it parses; this is the server's backstop for any number that still overflows.
            return (null, [.. readProblems, Diagnostic.Error(new SourceLocation(directory, 0, 0), "a value given for this run is out of range", "values within the plan's limits (durations under 100 years)")]);
        }
    }
}
