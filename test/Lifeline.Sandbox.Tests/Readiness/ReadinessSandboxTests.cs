using Lifeline.Engine.Readiness;
using SandboxLayout = Lifeline.Sandbox.Environment.SandboxLayout;
using SandboxTls = Lifeline.Sandbox.Environment.SandboxTls;

namespace Lifeline.Sandbox.Tests.Readiness;

/// <summary>
/// Readiness of the Axis estate on a real sandbox: green for everything it can check, then one break at a time, each
/// turning exactly its own item red with evidence naming the cause. The breaks here are undone or never touch the
/// sandbox; stopping the standby has its own sandbox (<see cref="ReadinessStandbyTests"/>).
/// </summary>
public sealed class ReadinessSandboxTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private string? Variable(string name) => sandbox.Variables.GetValueOrDefault(name);

    [Fact]
    public async Task CheckAsync_HealthyAxisSandbox_EveryCheckableItemPassesAndTheRestSayWhyNot()
    {
        // Given the Axis estate on a healthy sandbox
        var estate = AxisReadiness.Load(sandbox.Directory);

        // When readiness is checked
        var report = await AxisReadiness.CheckAsync(estate, Variable);

        // Then nothing fails, what the sandbox can show passes, and the rest is not checked with its reason
        Assert.True(report.Ready, AxisReadiness.Describe(report));
        foreach (var kind in new[] { ReadinessItemKind.ResourcesBound, ReadinessItemKind.Replication, ReadinessItemKind.DnsFailover, ReadinessItemKind.Credentials, ReadinessItemKind.Contacts })
        {
            Assert.True(report.Find(kind)!.Status == ReadinessStatus.Pass, AxisReadiness.Describe(report));
        }

        Assert.Equal(ReadinessStatus.Pass, report.Find(ReadinessItemKind.Backups)!.Status);
        Assert.Contains("backup-vault: newest backup completed ", report.Find(ReadinessItemKind.Backups)!.Evidence, StringComparison.Ordinal);
        Assert.Equal(ReadinessStatus.Pass, report.Find(ReadinessItemKind.Certificates)!.Status);
        Assert.Matches(@"^dr-certificate: (89|90) days left \(portal\.sandbox\)$", report.Find(ReadinessItemKind.Certificates)!.Evidence);
        Assert.Contains("documented only, used by no plan: backups-bucket", report.Find(ReadinessItemKind.ResourcesBound)!.Evidence, StringComparison.Ordinal);
        Assert.Contains("db-replica: standby streaming", report.Find(ReadinessItemKind.Replication)!.Evidence, StringComparison.Ordinal);
        Assert.All(report.Items, i => Assert.InRange(i.CheckedAt, report.At, report.At.AddMinutes(1)));
    }

    [Fact]
    public async Task CheckAsync_NewestBackupOlderThanTheLimit_OnlyBackupsFailWithItsAge()
    {
        // Given the sandbox's only full backup (taken at up) is older than a 1 s limit
        var estate = AxisReadiness.Load(sandbox.Directory);
        await Task.Delay(TimeSpan.FromSeconds(1.1));

        // When readiness is checked against that limit
        var report = await AxisReadiness.CheckAsync(estate, Variable, ReadinessOptions.Default with { BackupMaxAge = TimeSpan.FromSeconds(1) });

        // Then only backups fail, naming the store, when its newest backup completed and how old it is
        AxisReadiness.OnlyRed(report, ReadinessItemKind.Backups, "older than the limit 1s");
        Assert.Contains("backup-vault: newest backup completed ", report.Find(ReadinessItemKind.Backups)!.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_SecretMissing_OnlyCredentialsFailNamingTheSecretButNotItsValue()
    {
        // Given the PowerDNS API key is not available to Lifeline
        var estate = AxisReadiness.Load(sandbox.Directory);
        const string missing = "LIFELINE_SECRET_SANDBOX_PDNS_API_KEY";

        // When readiness is checked
        var report = await AxisReadiness.CheckAsync(estate, name => name == missing ? null : Variable(name));

        // Then credentials fail naming it; the DNS check, which needs it, is not checked rather than failed
        AxisReadiness.OnlyRed(report, ReadinessItemKind.Credentials, "secret SANDBOX_PDNS_API_KEY is not set");
        Assert.Equal(ReadinessStatus.NotChecked, report.Find(ReadinessItemKind.DnsFailover)!.Status);
        var password = Variable("LIFELINE_SECRET_SANDBOX_PG_PASSWORD")!;
        Assert.All(report.Items, i => Assert.DoesNotContain(password, i.Evidence, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CheckAsync_ApproverWithoutChannel_OnlyContactsFailNamingTheContact()
    {
        // Given the CTO, an approver of the failover decision, has no e-mail or phone
        var estate = AxisReadiness.Load(sandbox.Directory, text => text.Replace("  cto: { name: CTO, role: Executive decision for business continuity, email: cto@axis-imaging.test }", "  cto: { name: CTO, role: Executive decision for business continuity }", StringComparison.Ordinal));

        // When readiness is checked
        var report = await AxisReadiness.CheckAsync(estate, Variable);

        // Then only contacts fail, naming the CTO and why they matter
        AxisReadiness.OnlyRed(report, ReadinessItemKind.Contacts, "cto (approver in ");
        var cto = report.Find(ReadinessItemKind.Contacts)!.Evidence.Split('\n').Single(l => l.StartsWith("cto (", StringComparison.Ordinal));
        Assert.Contains("region-failover/decide", cto, StringComparison.Ordinal);
        Assert.Contains("database-failure/decide", cto, StringComparison.Ordinal);
        Assert.Contains("escalation level 3", cto, StringComparison.Ordinal);
        Assert.EndsWith("no working channel: neither e-mail nor phone", cto, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_DnsRecordDeleted_OnlyDnsFailoverFailsNamingTheRecord()
    {
        // Given the api record was deleted from the zone
        var estate = AxisReadiness.Load(sandbox.Directory);
        var before = await AxisReadiness.CheckAsync(estate, Variable);
        var answer = before.Find(ReadinessItemKind.DnsFailover)!.Evidence.Split('\n').Single(l => l.StartsWith("dns-api api: answers ", StringComparison.Ordinal)).Split(' ')[3];
        await AxisReadiness.SetRecordAsync(sandbox.Variables, "api", null);
        try
        {
            // When readiness is checked
            var report = await AxisReadiness.CheckAsync(estate, Variable);

            // Then only DNS failover fails, naming the api record
            AxisReadiness.OnlyRed(report, ReadinessItemKind.DnsFailover, "dns-api api: record missing or empty");
            Assert.Contains("dns-portal portal: answers", report.Find(ReadinessItemKind.DnsFailover)!.Evidence, StringComparison.Ordinal);
        }
        finally
        {
            await AxisReadiness.SetRecordAsync(sandbox.Variables, "api", answer.Split(','));
        }
    }

    [Fact]
    public async Task CheckAsync_DrCertificateExpiringSoon_OnlyCertificatesFailNamingTheDaysLeft()
    {
        // Given the DR portal's certificate re-issued by the sandbox CA with only 5 days left
        var estate = AxisReadiness.Load(sandbox.Directory);
        var layout = new SandboxLayout(sandbox.Directory);
        var file = Variable("LIFELINE_SANDBOX_PORTAL_CERTIFICATE_FILE")!;
        var original = await File.ReadAllBytesAsync(file);
        var pfx = await File.ReadAllBytesAsync(SandboxTls.PfxFile(layout, "portal"));
        using (var ca = SandboxTls.EnsureCa(layout, TimeProvider.System))
        {
            SandboxTls.Issue(layout, ca, "portal", ["127.0.0.1"], [], 5, TimeProvider.System, null);
        }

        try
        {
            // When readiness is checked
            var report = await AxisReadiness.CheckAsync(estate, Variable);

            // Then only the certificates item fails, naming the certificate and its days left
            AxisReadiness.OnlyRed(report, ReadinessItemKind.Certificates, "dr-certificate: certificate for portal.sandbox expires in 4 days (minimum 30)");
        }
        finally
        {
            await File.WriteAllBytesAsync(file, original);
            await File.WriteAllBytesAsync(SandboxTls.PfxFile(layout, "portal"), pfx);
        }
    }
}
