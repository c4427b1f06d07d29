namespace Lifeline.Engine.Tests.Audit;

/// <summary>Records progress reports as they happen (Progress&lt;T&gt; posts them later).</summary>
internal sealed class SyncProgress(List<long> reports) : IProgress<long>
{
    public void Report(long value) => reports.Add(value);
}
