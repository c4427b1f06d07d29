using System.Globalization;
using System.Net;
using System.Text.Json;
using Lifeline.Core.Estates.Sandbox;
using Lifeline.Providers.ProcessService;

namespace Lifeline.Sandbox.Environment.Kinds;

/// <summary>
/// The sample portal as process services, one per site it has instances in (<c>&lt;component&gt;-&lt;site&gt;</c>), on the
/// site's instance addresses and one shared port. It reads its database connection from a secret in the sandbox's
/// file-secrets store, written from its database's primary member, and starts once that database accepts writes. It
/// also serves HTTPS on a second shared port (<c>&lt;component&gt;-tls</c>) with a certificate from the sandbox's own CA
/// (<see cref="SandboxTls"/>), as the runbook's load balancers terminate TLS.
/// </summary>
internal sealed class PortalKind : ISandboxKind
{
    public string Kind => "portal";

    public static string Service(SandboxComponentSpec component, string site) => $"{component.Name}-{site}";

    public string? Check(SandboxComponentSpec component, SandboxTopology topology)
    {
        if (topology.Find(component.Setting("database") ?? "") is not { Kind: PostgresKind.Name })
        {
            return $"{component.Location}: portal '{component.Name}' names database '{component.Setting("database")}', which is not a postgres component; expected one of: {string.Join(", ", topology.OfKind(PostgresKind.Name).Select(c => c.Name))}";
        }

        if (component.Setting("uploads") is { } uploads && Uploads(topology, component) is null)
        {
            return $"{component.Location}: portal '{component.Name}' has uploads '{uploads}'; expected <s3 component>/<one of its buckets>, e.g. {string.Join(", ", topology.OfKind(S3StoreKind.Name).Select(c => $"{c.Name}/{S3StoreKind.Buckets(c).FirstOrDefault()}"))}";
        }

        return topology.OfKind(FileSecretsKind.Name).Any()
            ? null
            : $"{component.Location}: portal '{component.Name}' reads secret '{component.Setting("secret")}', but the sandbox has no file-secrets component; expected a component with kind: file-secrets";
    }

    public IEnumerable<PortNeed> Ports(SandboxComponentSpec component, SandboxTopology topology)
    {
        var addresses = component.Instances.Keys
            .SelectMany(site => SitePartition.InstanceAddresses(topology.Sites.ToList().IndexOf(site) + 1, Core.PlanFiles.SandboxLimits.MaximumInstances))
            .Select(IPAddress.Parse).ToList();
        return [new PortNeed(component.Name, addresses), new PortNeed(AppService.TlsPort(component), addresses)];
    }

    public async Task<string?> PrepareAsync(SandboxBuild build, SandboxComponentSpec component, CancellationToken cancellationToken)
    {
        using (var ca = SandboxTls.EnsureCa(build.Layout, build.Time))
        {
            var all = component.Instances.Keys.SelectMany(site => SitePartition.InstanceAddresses(build.SiteIndex(site), Core.PlanFiles.SandboxLimits.MaximumInstances));
            SandboxTls.Issue(build.Layout, ca, component.Name, all, [], SandboxTls.DefaultDays, build.Time, build.RunAs);
        }

        foreach (var site in component.Instances.Keys)
        {
            var name = Service(component, site);
            var addresses = SitePartition.InstanceAddresses(build.SiteIndex(site), Core.PlanFiles.SandboxLimits.MaximumInstances);
            await ProcessServiceController.WriteDefinitionAsync(build.Layout.Root, Definition(build, component, name, site, addresses), cancellationToken);
            DetachedProcess.GiveTo(ProcessServiceController.ServiceDirectory(build.Layout.Root, name), build.RunAs);
            build.AddService(name);
        }

        return null;
    }

    public async Task<string?> StartAsync(SandboxBuild build, SandboxComponentSpec component, CancellationToken cancellationToken)
    {
        // The portal seeds its login user and schema when it starts against a writable database, so it waits for one.
        var database = build.Topology.Find(component.Setting("database")!)!;
        await build.ReadyAsync(database.Name, cancellationToken);
        var endpoint = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["username"] = PostgresKind.User(database),
            ["password"] = SandboxEnvironment.ReadSecret(PostgresKind.PasswordFile(build.Layout, database.Name)),
            ["engine"] = "postgres",
            ["host"] = "127.0.0.1",
            ["port"] = build.Ports[PostgresKind.Process(database, database.Primary!)],
            ["dbname"] = database.Setting("database")!,
        });
        await SandboxSecrets.WriteAsync(SecretFile(build.Layout, build.Topology, component), endpoint, build.RunAs, cancellationToken);
        foreach (var site in component.Instances.Keys)
        {
            var count = build.Instances(component, site);
            if (count == 0)
            {
                continue;
            }

            var outcome = await build.Services.ScaleAsync(build.Layout.Root, Service(component, site), count, new Dictionary<string, string>(), TimeSpan.FromSeconds(60), cancellationToken);
            build.Report(outcome.Error ?? $"{Service(component, site)}: {count} instances healthy");
            if (outcome.Error is { } error)
            {
                return error;
            }
        }

        return null;
    }

    public void Export(SandboxState state, SandboxComponentSpec component, IDictionary<string, string> settings)
    {
        var port = state.Port(component.Name).ToString(CultureInfo.InvariantCulture);
        settings[SandboxSettings.Key(component.Name, "port")] = port;
        foreach (var site in component.Instances.Keys)
        {
            settings[SandboxSettings.Key(component.Name, site, "url")] = $"http://{SitePartition.InstanceAddresses(state.SiteIndex(site), 1)[0]}:{port}";
        }

        AppService.ExportTls(state, component, settings);
    }

    private static string SecretFile(SandboxLayout layout, SandboxTopology topology, SandboxComponentSpec component) =>
        Path.Combine(FileSecretsKind.Directory(layout, topology.OfKind(FileSecretsKind.Name).First()), component.Setting("secret")!);

    /// <summary>The s3 component and bucket <c>with: { uploads: s3/bucket }</c> names; null when it names none.</summary>
    private static (SandboxComponentSpec Store, string Bucket)? Uploads(SandboxTopology topology, SandboxComponentSpec component) =>
        component.Setting("uploads")?.Split('/') is [var store, var bucket] && topology.Find(store) is { Kind: S3StoreKind.Name } found && S3StoreKind.Buckets(found).Contains(bucket)
            ? (found, bucket)
            : null;

    /// <summary>Each instance stores uploads in its own site's store, as a regional service writes to its regional bucket.</summary>
    private static Dictionary<string, string> Variables(SandboxBuild build, SandboxComponentSpec component, string site)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PORTAL_DB_SECRET_FILE"] = SecretFile(build.Layout, build.Topology, component),
            ["PORTAL_SITE"] = site,
            ["HOME"] = build.Layout.Home,
            ["DOTNET_CLI_HOME"] = build.Layout.Home,
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_gcServer"] = "0",
            // Faults kill these with SIGKILL, and a killed runtime leaves its diagnostic pipes in /tmp.
            ["DOTNET_EnableDiagnostics"] = "0",
            ["Kestrel__Certificates__Default__Path"] = SandboxTls.PfxFile(build.Layout, component.Name),
        };
        if (Uploads(build.Topology, component) is var (store, bucket) && store.Instances.ContainsKey(site))
        {
            variables["PORTAL_UPLOADS_URL"] = $"{S3StoreKind.Url(build.SiteIndex(site), build.Ports[store.Name])}/{bucket}";
            variables["PORTAL_UPLOADS_KEYS_FILE"] = S3StoreKind.KeysFile(build.Layout, store);
        }

        return variables;
    }

    private static ServiceDefinition Definition(SandboxBuild build, SandboxComponentSpec component, string name, string site, IReadOnlyList<string> addresses) => new(
        name,
        site,
        PortalLocator.DotnetHost(),
        [build.PortalDll, "--urls", $"http://{{address}}:{{port}};https://{{address}}:{build.Ports[AppService.TlsPort(component)].ToString(CultureInfo.InvariantCulture)}"],
        Variables(build, component, site),
        addresses,
        build.Ports[component.Name],
        "/health",
        build.Layout.Logs,
        build.RunAs);
}
