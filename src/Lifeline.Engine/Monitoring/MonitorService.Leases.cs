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
    /// The assessment checks' timeout in runs the monitor starts: the probe timeout, at least 500 ms. The monitor's
    /// window is the evidence; the checks only confirm it, and must not wait out a partition's dropped packets.
    /// </summary>
    private string CheckTimeout
    {
        get
        {
            var timeout = _options.EffectiveProbeTimeout < TimeSpan.FromMilliseconds(500) ? TimeSpan.FromMilliseconds(500) : _options.EffectiveProbeTimeout;
            return $"{(long)timeout.TotalMilliseconds}ms";
        }
    }
}
