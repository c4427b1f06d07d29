using System.Text.Json;
using Lifeline.Core.Estates.Sandbox;

namespace Lifeline.Sandbox.Environment.Kinds;

/// <summary>
/// The sample EHR service: the portal app in EHR mode (its REST API over PostgreSQL plus <c>/ehrbase/rest/status</c>), as a
/// process service per site. Each site's instances read their own secret, <c>&lt;secret&gt;-&lt;site&gt;</c> in the
/// file-secrets store, naming the database member in that site (else the primary): a DR service reads its region's
/// replica, which serves writes once promoted, as a DR task definition names the DR endpoint. Like the portal it also
/// serves HTTPS on a second shared port (<c>&lt;component&gt;-tls</c>) with a certificate from the sandbox's own CA, as
/// EHRbase's load balancers terminate TLS: the certificate a readiness check reads.
/// </summary>
internal sealed class EhrKind : ISandboxKind
{
    public string Kind => "ehr";

    public static string SecretName(SandboxComponentSpec component, string site) => $"{component.Setting("secret")}-{site}";

    public string? Check(SandboxComponentSpec component, SandboxTopology topology) =>
        AppService.Names(component, topology, "database", PostgresKind.Name)
        ?? (topology.OfKind(FileSecretsKind.Name).Any()
            ? null
            : $"{component.Location}: ehr '{component.Name}' reads secret '{component.Setting("secret")}', but the sandbox has no file-secrets component; expected a component with kind: file-secrets");

    public IEnumerable<PortNeed> Ports(SandboxComponentSpec component, SandboxTopology topology) => AppService.Ports(component, topology, tls: true);

    public async Task<string?> PrepareAsync(SandboxBuild build, SandboxComponentSpec component, CancellationToken cancellationToken)
    {
        AppService.IssueCertificate(build, component);
        await AppService.PrepareAsync(build, component, site => new Dictionary<string, string>
        {
            [AppService.ModeVariable] = Kind,
            ["PORTAL_DB_SECRET_FILE"] = SecretFile(build.Layout, build.Topology, component, site),
        }, cancellationToken, tls: true);
        return null;
    }

    public async Task<string?> StartAsync(SandboxBuild build, SandboxComponentSpec component, CancellationToken cancellationToken)
    {
        // The service seeds its schema when it starts against a writable database, so it waits for one.
        var database = build.Topology.Find(component.Setting("database")!)!;
        await build.ReadyAsync(database.Name, cancellationToken);
        foreach (var site in component.Instances.Keys)
        {
            var member = database.Members.FirstOrDefault(m => m.Site == site) ?? database.Primary!;
            var endpoint = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["username"] = PostgresKind.User(database),
                ["password"] = SandboxEnvironment.ReadSecret(PostgresKind.PasswordFile(build.Layout, database.Name)),
                ["engine"] = "postgres",
                ["host"] = "127.0.0.1",
                ["port"] = build.Ports[PostgresKind.Process(database, member)],
                ["dbname"] = database.Setting("database")!,
            });
            await SandboxSecrets.WriteAsync(SecretFile(build.Layout, build.Topology, component, site), endpoint, build.RunAs, cancellationToken);
        }

        return await AppService.StartAsync(build, component, cancellationToken);
    }

    public void Export(SandboxState state, SandboxComponentSpec component, IDictionary<string, string> settings)
    {
        AppService.Export(state, component, settings);
        AppService.ExportTls(state, component, settings);
    }

    private static string SecretFile(SandboxLayout layout, SandboxTopology topology, SandboxComponentSpec component, string site) =>
        Path.Combine(FileSecretsKind.Directory(layout, topology.OfKind(FileSecretsKind.Name).First()), SecretName(component, site));
}
