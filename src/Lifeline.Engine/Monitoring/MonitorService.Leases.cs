using Lifeline.Engine.Fencing.Leases;

namespace Lifeline.Engine.Monitoring;

public sealed partial class MonitorService
{
    private LeaseBook? _leases;

    /// <summary>The primary-role leases self-fencing agents renew through <c>monitor --listen</c>.</summary>
    public LeaseBook Leases
    {
        get
        {
            // The receiver's thread and the runs' threads may ask first; exactly one book must win.
            Interlocked.CompareExchange(ref _leases, new LeaseBook(_options.LeaseMargin), null);
            return _leases;
        }
    }

    /// <summary>
    /// The assessment checks' timeout in runs the monitor starts: the probe timeout (at least 100 ms). The monitor's
    /// continuous evidence over the window is what decided; the checks only confirm it, and every one of them expects the
    /// primary to be unreachable, so a short timeout can only let a confirmation pass sooner, never start a failover the
    /// evidence did not. Under a partition each check waits out its timeout (dropped packets are not refused), twice: a
    /// 500 ms floor cost 1.1 s of the benchmark's partition failover with 250 ms probes.
    /// </summary>
    private string CheckTimeout
    {
        get
        {
            var timeout = _options.EffectiveProbeTimeout < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100) : _options.EffectiveProbeTimeout;
            return $"{(long)timeout.TotalMilliseconds}ms";
        }
    }
}
