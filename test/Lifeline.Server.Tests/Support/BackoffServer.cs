using Lifeline.Server.Hosting;

namespace Lifeline.Server.Tests.Support;

/// <summary>A <see cref="ServerFixture"/> whose per-address limit is out of the way, so the per-account backoff shows alone;
/// its first backoff is a minute, so no test depends on how fast a loaded machine answers.</summary>
public sealed class BackoffServer : ServerFixture
{
    protected override ServerOptions Configure(ServerOptions options) =>
        options with { LoginAttemptsPerMinute = 1000, LoginFailuresBeforeBackoff = 3, LoginBackoffStart = TimeSpan.FromMinutes(1), LoginBackoffLimit = TimeSpan.FromMinutes(5) };
}
