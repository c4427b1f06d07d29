using System.Text.Json;
using Lifeline.Cli.Hosting;
using Lifeline.Cli.Rendering;
using Lifeline.Engine.Audit;

namespace Lifeline.Cli.Remote;

/// <summary><c>lifeline audit verify</c> against a server: the server checks its own chain (checkpoint signatures are checked locally only).</summary>
internal static class RemoteAudit
{
    public static async Task<int> VerifyAsync(RemoteTarget target, bool json, CancellationToken cancellationToken)
    {
        using var client = new LifelineClient(target);
        var verified = await client.GetAsync<AuditVerification>("api/audit/verify", cancellationToken);
        if (verified.Value is not { } chain)
        {
            return RemoteRuns.Fail(verified.Error!);
        }

        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(chain, AuditJson.Default.AuditVerification));
        }
        else if (!chain.Ok)
        {
            Terminal.Fail($"audit trail broken on {target.Name}: {chain.Reason} ({chain.RecordsChecked} records before it verified)");
        }
        else
        {
            Console.Out.WriteLine($"audit trail intact on {target.Name}: {chain.RecordsChecked} records, last hash {chain.LastHash}");
        }

        return chain.Ok ? ExitCodes.Success : ExitCodes.RunFailed;
    }
}
