using Lifeline.Sandbox.Workload;

namespace Lifeline.Sandbox.Demo;

/// <summary>The acknowledged-write workload of a demo, running through every scenario of it until stopped.</summary>
internal sealed class DemoWorkload : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _writing;

    public DemoWorkload(WorkloadRunner runner, CancellationToken cancellationToken)
    {
        Runner = runner;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _writing = runner.RunAsync(_stop.Token);
    }

    public WorkloadRunner Runner { get; }

    public WorkloadSnapshot Snapshot() => Runner.Snapshot();

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _writing;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
