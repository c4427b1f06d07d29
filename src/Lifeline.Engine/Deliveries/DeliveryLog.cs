using Lifeline.Core.Providers;

namespace Lifeline.Engine.Deliveries;

/// <summary>What a channel provider logs during one delivery attempt; kept out of the run's log, which has moved on.</summary>
internal sealed class DeliveryLog : IStepLog
{
    public static readonly DeliveryLog Instance = new();

    public void Write(string line)
    {
    }
}
