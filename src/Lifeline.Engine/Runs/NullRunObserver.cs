namespace Lifeline.Engine.Runs;

public sealed class NullRunObserver : IRunObserver
{
    public static readonly NullRunObserver Instance = new();

    public void OnEvent(RunEvent runEvent)
    {
    }
}
