using Lifeline.Engine.Readiness;
using Lifeline.Providers.ProcessService;
using Lifeline.Sandbox.Tests.MedZen;

namespace Lifeline.Sandbox.Tests.Readiness;

/// <summary>
/// Readiness of the MedZen example on its own sandbox (three regions on loopback): green, then one break at a time on the
/// same sandbox, each undone before the next; stopping the standby, which is not undone, comes last.
/// </summary>
public sealed class MedZenReadinessTests
{
    [Fact]
    public async Task CheckAsync_MedZenSandboxHealthyThenBrokenOneAtATime_GreenThenExactlyTheBrokenItemRedNamingTheCause()
    {
        // Given the MedZen estate on a healthy sandbox
        await using var sandbox = await MedZenSandbox.UpAsync(Topologies.MedZenEstate);
        var scratch = Path.Combine(sandbox.Directory, "readiness");
        var estate = AxisReadiness.LoadCopy(Topologies.MedZenEstate, scratch, t => t);
        string? Variable(string name) => sandbox.Settings.GetValueOrDefault(name);

        // When readiness is checked, then nothing fails: what the sandbox can show passes, and the rest says why not
        var healthy = await AxisReadiness.CheckAsync(estate, Variable);
        Assert.True(healthy.Ready, AxisReadiness.Describe(healthy));
        foreach (var kind in new[] { ReadinessItemKind.ResourcesBound, ReadinessItemKind.DrInfrastructure, ReadinessItemKind.Replication, ReadinessItemKind.DnsFailover, ReadinessItemKind.Credentials, ReadinessItemKind.Contacts })
        {
            Assert.True(healthy.Find(kind)!.Status == ReadinessStatus.Pass, AxisReadiness.Describe(healthy));
        }

        Assert.All(healthy.Items.Where(i => i.Status == ReadinessStatus.NotChecked), i => Assert.NotEmpty(i.Evidence));
        Assert.Contains("used only by plans written for other profiles: ", healthy.Find(ReadinessItemKind.ResourcesBound)!.Evidence, StringComparison.Ordinal);
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

        // When the eu-west-1 replica stops (last: it is not undone), then only replication fails, naming the replica
        var standby = sandbox.State.Component("ehrdb-replica");
        Assert.True(await DetachedProcess.StopAsync(standby.Pid, standby.Marker, UnixSignal.Interrupt, TimeSpan.FromSeconds(30), TimeProvider.System, CancellationToken.None));
        AxisReadiness.OnlyRed(await AxisReadiness.CheckAsync(estate, Variable), ReadinessItemKind.Replication, "db-replica: standby unreachable");
    }
}
