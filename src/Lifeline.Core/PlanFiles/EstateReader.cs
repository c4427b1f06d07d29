using Lifeline.Core.Diagnostics;
using Lifeline.Core.Estates;
using Lifeline.Core.Providers;
using Lifeline.Core.Schema;

namespace Lifeline.Core.PlanFiles;

/// <summary>Reads <c>estate.yaml</c> into an <see cref="Estate"/> and checks everything the estate can check alone.</summary>
internal sealed partial class EstateReader(FileContext context, IProviderCatalog catalog)
{
    private readonly List<TextSite> _settings = [];

    public Estate? Read(string text)
    {
        var root = YamlText.ParseMapping(context.File, text, context.Diagnostics, ShapeText.Expected(ValueShape.ObjectOf(FileShapes.EstateRoot)));
        if (root is null)
        {
            return null;
        }

        var reader = new MappingReader(context, root, FileShapes.EstateShape, "the estate");
        var name = reader.String("estate") ?? "";
        var description = reader.String("description") ?? "";
        var profiles = Distinct(reader.StringList("profiles"), "profile");
        var sites = ReadSites(reader);
        var objectives = ReadObjectives(reader);
        var contacts = ReadContacts(reader);
        var secrets = ReadSecrets(reader);
        var escalation = ReadEscalation(reader, contacts);
        var resources = ReadResources(reader, profiles, sites, objectives);
        var estate = new Estate(name, description, [.. profiles.Select(p => p.Name)], sites, resources, objectives, contacts, escalation, secrets, reader.Location)
        {
            Sandbox = reader.Object("sandbox", "the sandbox") is { } sandbox ? new SandboxReader(context, sites).Read(sandbox) with { Functions = Estates.Sandbox.SandboxFunctionTargets.Of(resources) } : null,
            Calendar = ReadCalendar(reader, contacts),
            Severities = ReadSeverities(reader),
        };

        var checker = new ExpressionChecker(estate, estate.Profiles, context.Diagnostics);
        foreach (var site in _settings)
        {
            checker.Check(site, inPlan: false, steps: null);
        }

        return estate;
    }

    private List<KeyedLocation> Distinct(IReadOnlyList<KeyedLocation> items, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<KeyedLocation>();
        foreach (var item in items)
        {
            if (seen.Add(item.Name))
            {
                result.Add(item);
            }
            else
            {
                context.Diagnostics.Error(item.Location, $"{what} '{item.Name}' is listed twice", $"each {what} once");
            }
        }

        return result;
    }

    private List<Site> ReadSites(MappingReader estate)
    {
        var sites = new List<Site>();
        foreach (var (id, reader) in estate.MapOf("sites", id => $"site '{id}'"))
        {
            if (reader is not null)
            {
                sites.Add(new Site(id.Name, reader.Enum("role") ?? "", reader.String("region"), reader.String("description") ?? "", id.Location));
            }
        }

        return sites;
    }

    private static Objectives ReadObjectives(MappingReader estate)
    {
        var reader = estate.Object("objectives", "objectives");
        return reader is null ? Objectives.None : new Objectives(reader.DurationMap("rto"), reader.DurationMap("rpo"));
    }

    private static List<Contact> ReadContacts(MappingReader estate)
    {
        var contacts = new List<Contact>();
        foreach (var (id, reader) in estate.MapOf("contacts", id => $"contact '{id}'"))
        {
            if (reader is not null)
            {
                contacts.Add(new Contact(id.Name, reader.String("name") ?? "", reader.String("role") ?? "", reader.String("email"), reader.String("phone"), id.Location));
            }
        }

        return contacts;
    }

    private static List<SecretDeclaration> ReadSecrets(MappingReader estate)
    {
        var secrets = new List<SecretDeclaration>();
        foreach (var (id, reader) in estate.MapOf("secrets", id => $"secret '{id}'"))
        {
            if (reader is not null)
            {
                secrets.Add(new SecretDeclaration(id.Name, reader.String("env"), reader.String("file"), id.Location));
            }
        }

        return secrets;
    }

    private List<EscalationLevel> ReadEscalation(MappingReader estate, List<Contact> contacts)
    {
        var levels = new List<EscalationLevel>();
        foreach (var reader in estate.ListOf("escalation", (i, _) => $"escalation level {i + 1}"))
        {
            var level = reader.Integer("level") ?? 0;
            var members = reader.StringList("contacts");
            foreach (var member in members)
            {
                References.Contact(context.Diagnostics, member, contacts);
            }

            var executive = reader.Boolean("executive") ?? false;
            if (executive && levels.Find(l => l.Executive) is { } earlier)
            {
                context.Diagnostics.Error(reader.Location, $"escalation level {level} is the second executive level (level {earlier.Level} is one already)", "executive: true on one level only");
            }

            levels.Add(new EscalationLevel(level, [.. members.Select(m => m.Name)], reader.Duration("after") ?? TimeSpan.Zero, reader.Location, executive));
        }

        return levels;
    }

    private List<Resource> ReadResources(MappingReader estate, List<KeyedLocation> profiles, List<Site> sites, Objectives objectives)
    {
        var resources = new List<Resource>();
        foreach (var (id, reader) in estate.MapOf("resources", id => $"resource '{id}'"))
        {
            if (reader is null)
            {
                continue;
            }

            var kind = reader.Enum("kind") ?? "";
            var site = reader.String("site") ?? "";
            if (reader.Has("site") && sites.All(s => s.Id != site))
            {
                reader.BadValue("site", $"resource '{id.Name}' names site '{site}', which is not declared{Suggestions.DidYouMean(site, sites.Select(s => s.Id))}", ShapeText.OneOf(sites.Select(s => s.Id)));
            }

            var tier = reader.String("tier");
            if (tier is not null && !objectives.Rto.ContainsKey(tier))
            {
                reader.BadValue("tier", $"tier '{tier}' is not a key of objectives.rto{Suggestions.DidYouMean(tier, objectives.Rto.Keys)}", ShapeText.OneOf(objectives.Rto.Keys));
            }

            var dataClass = reader.String("data-class");
            if (dataClass is not null && !objectives.Rpo.ContainsKey(dataClass))
            {
                reader.BadValue("data-class", $"data class '{dataClass}' is not a key of objectives.rpo{Suggestions.DidYouMean(dataClass, objectives.Rpo.Keys)}", ShapeText.OneOf(objectives.Rpo.Keys));
            }

            var bindings = new Dictionary<string, Binding>(StringComparer.Ordinal);
            foreach (var (profile, bindingReader) in reader.MapOf("bindings", p => $"binding '{p}' of resource '{id.Name}'"))
            {
                if (profiles.All(p => p.Name != profile.Name))
                {
                    context.Diagnostics.Error(profile.Location, $"binding for profile '{profile.Name}', which is not declared in profiles{Suggestions.DidYouMean(profile.Name, profiles.Select(p => p.Name))}", ShapeText.OneOf(profiles.Select(p => p.Name)));
                }

                if (bindingReader is not null)
                {
                    bindings[profile.Name] = ReadBinding(bindingReader);
                }
            }

            resources.Add(new Resource(id.Name, kind, site, tier, dataClass, reader.String("description") ?? "", bindings, id.Location) { Monitor = ReadMonitor(reader) });
        }

        return resources;
    }

    private static ResourceMonitor? ReadMonitor(MappingReader resource)
    {
        var reader = resource.Object("monitor", "the monitor");
        if (reader is null)
        {
            return null;
        }

        var probe = reader.Enum("probe") ?? "";
        var with = reader.ScalarMap("with").ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        return new ResourceMonitor(probe, reader.Boolean("critical") ?? true, with, reader.Location);
    }

    private Binding ReadBinding(MappingReader reader)
    {
        var provider = reader.String("provider") ?? "";
        var settings = reader.ScalarMap("settings");
        var descriptor = provider.Length > 0 ? catalog.Find(provider) : null;
        if (reader.Has("provider") && descriptor is null)
        {
            var names = catalog.Descriptors.Select(d => d.Name).Order(StringComparer.Ordinal).ToList();
            reader.BadValue("provider", $"unknown provider '{provider}'{Suggestions.DidYouMean(provider, names)}", ShapeText.OneOf(names));
        }

        foreach (var setting in settings)
        {
            if (descriptor is { Settings.Count: > 0 } && !descriptor.SettingNames.Contains(setting.Key))
            {
                context.Diagnostics.Warning(setting.KeyLocation, $"provider '{provider}' does not know setting '{setting.Key}'{Suggestions.DidYouMean(setting.Key, descriptor.SettingNames)}", ShapeText.OneOf(descriptor.SettingNames));
            }

            _settings.Add(new TextSite(setting.Value, setting.ValueLocation));
        }

        return new Binding(provider, settings.ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal), reader.Location);
    }
}
