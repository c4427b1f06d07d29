namespace Lifeline.Server.Hosting;

/// <summary>Whether the server has finished starting: until then the host's own error log stays quiet (see its filter).</summary>
internal sealed class StartupPhase
{
    public volatile bool Over;
}
