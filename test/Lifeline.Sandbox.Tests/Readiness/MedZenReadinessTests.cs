using Lifeline.Engine.Readiness;
using Lifeline.Providers.ProcessService;
using Lifeline.Sandbox.Drills;
using Lifeline.Sandbox.Tests.MedZen;
using SandboxLayout = Lifeline.Sandbox.Environment.SandboxLayout;
using SandboxTls = Lifeline.Sandbox.Environment.SandboxTls;

namespace Lifeline.Sandbox.Tests.Readiness;

/// <summary>
/// Readiness of the MedZen example on its own sandbox (three regions on loopback): all green, then one break at a time on
/// the same sandbox (a DNS record, a secret, a contact, a backup, a certificate), each undone before the next; stopping the
/// standby, which is not undone, comes last. Once it is down, none of its ports may be bound.
/// </summary>
public sealed class MedZenReadinessTests
{
    [Fact]
    public async Task CheckAsync_MedZenSandboxHealthyThenBrokenOneAtATime_GreenThenExactlyTheBrokenItemRedNamingTheCause()
    {
        // Given the MedZen estate on a healthy sandbox, and the ports it picked
        var sandbox = await MedZenSandbox.UpAsync(Topologies.MedZenEstate);
        var ports = LeftRunning.Ports(sandbox.State);
        try
        {
            var scratch = Path.Combine(sandbox.Directory, "readiness");
            var estate = AxisReadiness.LoadCopy(Topologies.MedZenEstate, scratch, t => t);
            string? Variable(string name) => sandbox.Settings.GetValueOrDefault(name);

            // When readiness is checked, then every item passes
            var healthy = await AxisReadiness.CheckAsync(estate, Variable);
            Assert.True(healthy.Items.All(i => i.Status == ReadinessStatus.Pass), AxisReadiness.Describe(healthy));
            Assert.Contains("backup-vault: newest backup completed ", healthy.Find(ReadinessItemKind.Backups)!.Evidence, StringComparison.Ordinal);
            Assert.Matches(@"^dr-certificate: (89|90) days left \(ehrbase\.sandbox\)$", healthy.Find(ReadinessItemKind.Certificates)!.Evidence);
            // (every plan now runs in the sandbox: the API Gateway route too, through the sandbox's gateway, ADR 0035)
            Assert.DoesNotContain("used only by plans written for other profiles", healthy.Find(ReadinessItemKind.ResourcesBound)!.Evidence, StringComparison.Ordinal);
            Assert.Contains("db-replica: standby streaming", healthy.Find(ReadinessItemKind.Replication)!.Evidence, StringComparison.Ordinal);

            // When the ehr record is deleted, then only DNS failover fails, naming the record; the record is put back
            var answer = healthy.Find(ReadinessItemKind.DnsFailover)!.Evidence.Split('\n').Single(l => l.StartsWith("dns-ehr ehr: answers ", StringComparison.Ordinal)).Split(' ')[3];
            await AxisReadiness.SetRecordAsync(sandbox.Settings, "ehr", null);
            try
            {
                AxisReadiness.OnlyRed(await AxisReadiness.CheckAsync(estate, Variable), ReadinessItemKind.DnsFailover, "dns-ehr ehr: record missing or empty");
            }
            finally
            {
                await AxisReadiness.SetRecordAsync(sandbox.Settings, "ehr", answer.Split(','));
            }

            // When the PowerDNS API key is not available, then only credentials fail, naming it (DNS cannot be checked)
            const string key = "LIFELINE_SECRET_SANDBOX_PDNS_API_KEY";
            var noKey = await AxisReadiness.CheckAsync(estate, name => name == key ? null : Variable(name));
            AxisReadiness.OnlyRed(noKey, ReadinessItemKind.Credentials, "secret SANDBOX_PDNS_API_KEY is not set");
            Assert.Equal(ReadinessStatus.NotChecked, noKey.Find(ReadinessItemKind.DnsFailover)!.Status);

            // When the team lead (escalation level 2) has no e-mail, then only contacts fail, naming them
            var noChannel = AxisReadiness.LoadCopy(Topologies.MedZenEstate, scratch, t => t.Replace(", email: team-lead@medzenhealth.app }", " }", StringComparison.Ordinal));
            var lead = await AxisReadiness.CheckAsync(noChannel, Variable);
            AxisReadiness.OnlyRed(lead, ReadinessItemKind.Contacts, "team-lead (");
            Assert.Contains("escalation level 2", lead.Find(ReadinessItemKind.Contacts)!.Evidence, StringComparison.Ordinal);

            // When the newest backup (the full backup taken at up, before the checks above) is held to a 1 s limit, then
            // only backups fail, naming the store and its age
            var old = await AxisReadiness.CheckAsync(estate, Variable, ReadinessOptions.Default with { BackupMaxAge = TimeSpan.FromSeconds(1) });
            AxisReadiness.OnlyRed(old, ReadinessItemKind.Backups, "older than the limit 1s");
            Assert.StartsWith("backup-vault: newest backup completed ", old.Find(ReadinessItemKind.Backups)!.Evidence, StringComparison.Ordinal);

            // When EHRbase's certificate is re-issued by the sandbox CA with 5 days left, then only certificates fail, naming
            // the certificate and its days left; the certificate is put back
            var layout = new SandboxLayout(sandbox.Directory);
            var file = Variable("LIFELINE_SANDBOX_EHRBASE_CERTIFICATE_FILE")!;
            var (pem, pfx) = (await File.ReadAllBytesAsync(file), await File.ReadAllBytesAsync(SandboxTls.PfxFile(layout, "ehrbase")));
            using (var ca = SandboxTls.EnsureCa(layout, TimeProvider.System))
            {
                SandboxTls.Issue(layout, ca, "ehrbase", ["127.0.0.1"], [], 5, TimeProvider.System, null);
            }

            try
            {
                AxisReadiness.OnlyRed(await AxisReadiness.CheckAsync(estate, Variable), ReadinessItemKind.Certificates, "dr-certificate: certificate for ehrbase.sandbox expires in 4 days (minimum 30)");
            }
            finally
            {
                await File.WriteAllBytesAsync(file, pem);
                await File.WriteAllBytesAsync(SandboxTls.PfxFile(layout, "ehrbase"), pfx);
            }

            // When the eu-west-1 replica stops (last: it is not undone), then only replication fails, naming the replica
            var standby = sandbox.State.Component("ehrdb-replica");
            Assert.True(await DetachedProcess.StopAsync(standby.Pid, standby.Marker, UnixSignal.Interrupt, TimeSpan.FromSeconds(30), TimeProvider.System, CancellationToken.None));
            AxisReadiness.OnlyRed(await AxisReadiness.CheckAsync(estate, Variable), ReadinessItemKind.Replication, "db-replica: standby unreachable");
        }
        finally
        {
            await sandbox.DisposeAsync();
        }

        // Then, once it is down, nothing of it runs and none of its ports is bound: the clean-up check a scheduled drill is graded by
        Assert.Empty(LeftRunning.After(sandbox.Directory, ports));
    }
}
