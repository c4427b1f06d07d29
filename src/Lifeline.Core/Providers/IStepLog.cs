namespace Lifeline.Core.Providers;

/// <summary>A step's log; lines are redacted before they are stored or shown.</summary>
public interface IStepLog
{
    void Write(string line);
}
