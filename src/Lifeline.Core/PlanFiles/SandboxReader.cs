using System.Globalization;
using Lifeline.Core.Diagnostics;
using Lifeline.Core.Estates;
using Lifeline.Core.Estates.Sandbox;

namespace Lifeline.Core.PlanFiles;

/// <summary>
/// Reads an estate's <c>sandbox:</c> section and checks what it can alone: sites are the estate's, every name a
/// component refers to exists, each kind gets only its keys. Names are the user's: code never knows them.
/// </summary>
internal sealed partial class SandboxReader(FileContext context, IReadOnlyList<Site> estateSites)
{
    private DiagnosticList Diagnostics => context.Diagnostics;

    public SandboxTopology Read(MappingReader reader)
    {
        var sites = new List<string>();
        foreach (var site in reader.StringList("sites"))
        {
            if (estateSites.All(s => s.Id != site.Name))
            {
                Diagnostics.Error(site.Location, $"sandbox site '{site.Name}' is not a site of the estate{Suggestions.DidYouMean(site.Name, estateSites.Select(s => s.Id))}", ShapeText.OneOf(estateSites.Select(s => s.Id)));
            }
            else if (sites.Contains(site.Name))
            {
                Diagnostics.Error(site.Location, $"sandbox site '{site.Name}' is listed twice", "each site once");
            }
            else
            {
                sites.Add(site.Name);
            }
        }

        var components = new List<(SandboxComponentSpec Spec, MappingReader Reader)>();
        foreach (var (id, component) in reader.MapOf("components", id => $"sandbox component '{id}'"))
        {
            if (component is not null)
            {
                components.Add((ReadComponent(id, component, sites), component));
            }
        }

        foreach (var (spec, component) in components)
        {
            foreach (var entry in component.ScalarMap("records"))
            {
                CheckRecord(entry, components.Select(c => c.Spec).ToList());
            }
        }

        return new SandboxTopology(sites, [.. components.Select(c => c.Spec)], reader.Location) { Scenarios = ReadScenarios(reader, sites) };
    }

    private SandboxComponentSpec ReadComponent(KeyedLocation id, MappingReader reader, List<string> sites)
    {
        var kind = reader.Enum("kind") ?? "";
        var shape = SandboxKinds.Find(kind);
        var site = reader.String("site");
        if (site is not null)
        {
            CheckSite(reader.ValueLocation("site")!, site, sites);
        }
        else if (shape is { NeedsSite: true })
        {
            Diagnostics.Error(reader.Location, $"sandbox component '{id.Name}' ({kind}) has no site", "site: one of the sandbox sites");
        }

        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in reader.ScalarMap("with"))
        {
            if (shape is not null && !shape.Keys.Contains(entry.Key))
            {
                Diagnostics.Error(entry.KeyLocation, $"a {kind} component does not take '{entry.Key}'{Suggestions.DidYouMean(entry.Key, shape.Keys)}", shape.Keys.Any() ? ShapeText.OneOf(shape.Keys) : "no with: keys");
            }

            settings[entry.Key] = entry.Value;
        }

        foreach (var missing in shape?.Required.Where(k => !settings.ContainsKey(k)) ?? [])
        {
            Diagnostics.Error(reader.ValueLocation("with") ?? reader.Location, $"sandbox component '{id.Name}' ({kind}) is missing with.{missing}", $"with: {{ {missing}: ... }}");
        }

        Only(reader, shape, "members", shape?.Members ?? false);
        Only(reader, shape, "instances", shape?.Instances ?? false);
        Only(reader, shape, "records", shape?.Records ?? false);
        var members = ReadMembers(id, reader, sites);
        var instances = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in reader.ScalarMap("instances"))
        {
            CheckSite(entry.KeyLocation, entry.Key, sites);
            if (int.TryParse(entry.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count <= SandboxLimits.MaximumInstances)
            {
                instances[entry.Key] = count;
            }
            else
            {
                Diagnostics.Error(entry.ValueLocation, $"instances.{entry.Key} is '{entry.Value}'", $"a whole number from 0 to {SandboxLimits.MaximumInstances}");
                instances[entry.Key] = 0;
            }
        }

        var records = new Dictionary<string, SandboxRecordTarget>(StringComparer.Ordinal);
        foreach (var entry in reader.ScalarMap("records"))
        {
            if (entry.Value.Split('@') is [{ Length: > 0 } target, { Length: > 0 } targetSite])
            {
                records[entry.Key] = new SandboxRecordTarget(target, targetSite);
            }
        }

        return new SandboxComponentSpec(id.Name, kind, site, settings, members, instances, records, id.Location);
    }

    private List<SandboxMemberSpec> ReadMembers(KeyedLocation id, MappingReader reader, List<string> sites)
    {
        var members = new List<SandboxMemberSpec>();
        var entries = reader.MapOf("members", m => $"member '{m}' of sandbox component '{id.Name}'");
        foreach (var (member, memberReader) in entries)
        {
            if (memberReader is null)
            {
                continue;
            }

            var site = memberReader.String("site") ?? "";
            if (memberReader.Has("site"))
            {
                CheckSite(memberReader.ValueLocation("site")!, site, sites);
            }

            var replicaOf = memberReader.String("replica-of");
            if (replicaOf is not null && (replicaOf == member.Name || entries.All(e => e.Id.Name != replicaOf)))
            {
                memberReader.BadValue("replica-of", $"member '{member.Name}' replicates from '{replicaOf}', which is not another member of '{id.Name}'", ShapeText.OneOf(entries.Select(e => e.Id.Name).Where(n => n != member.Name)));
            }

            members.Add(new SandboxMemberSpec(member.Name, site, replicaOf, memberReader.Boolean("sync") ?? false, memberReader.String("resource"), member.Location));
        }

        if (members.Count > 0 && members.Count(m => m.ReplicaOf is null) != 1)
        {
            Diagnostics.Error(reader.ValueLocation("members")!, $"sandbox component '{id.Name}' has {members.Count(m => m.ReplicaOf is null)} members without replica-of", "exactly one primary: every other member names replica-of");
        }

        return members;
    }

    private void Only(MappingReader reader, SandboxKindShape? shape, string key, bool allowed)
    {
        if (shape is not null && !allowed && reader.Has(key))
        {
            Diagnostics.Error(reader.KeyLocation(key)!, $"a {shape.Kind} component does not take '{key}'", $"{key} only on kinds that have them ({string.Join(", ", SandboxKinds.All.Where(k => key switch { "members" => k.Members, "instances" => k.Instances, _ => k.Records }).Select(k => k.Kind))})");
        }
    }

    private void CheckSite(SourceLocation location, string site, List<string> sites)
    {
        if (!sites.Contains(site))
        {
            Diagnostics.Error(location, $"'{site}' is not a sandbox site{Suggestions.DidYouMean(site, sites)}", ShapeText.OneOf(sites));
        }
    }

    private void CheckRecord(MapEntry entry, List<SandboxComponentSpec> components)
    {
        if (entry.Value.Split('@') is not [{ Length: > 0 } target, { Length: > 0 } site])
        {
            Diagnostics.Error(entry.ValueLocation, $"record '{entry.Key}' points at '{entry.Value}'", "<component>@<site>, e.g. web@primary");
            return;
        }

        var component = components.FirstOrDefault(c => c.Name == target);
        if (component is null || SandboxKinds.Find(component.Kind) is not { Instances: true })
        {
            var withInstances = components.Where(c => SandboxKinds.Find(c.Kind) is { Instances: true }).Select(c => c.Name).ToList();
            Diagnostics.Error(entry.ValueLocation, $"record '{entry.Key}' points at '{target}', which is not a component with instances{Suggestions.DidYouMean(target, withInstances)}", ShapeText.OneOf(withInstances));
        }
        else if (!component.Instances.ContainsKey(site))
        {
            Diagnostics.Error(entry.ValueLocation, $"record '{entry.Key}' points at {target} in site '{site}', where it has no instances declared", ShapeText.OneOf(component.Instances.Keys));
        }
    }
}
