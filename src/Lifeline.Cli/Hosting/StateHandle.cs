using Lifeline.Engine.Audit;
using Lifeline.Engine.Checkpoints;

namespace Lifeline.Cli.Hosting;

/// <summary>The open state database: the run store and the audit trail, closed together.</summary>
internal sealed class StateHandle(IRunStore store, IAuditTrail audit) : IAsyncDisposable
{
    public IRunStore Store => store;

    public IAuditTrail Audit => audit;

    public async ValueTask DisposeAsync()
    {
        await audit.DisposeAsync();
        await store.DisposeAsync();
    }
}
