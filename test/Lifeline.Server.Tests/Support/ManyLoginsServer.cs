using Lifeline.Server.Hosting;

namespace Lifeline.Server.Tests.Support;

/// <summary>A <see cref="ServerFixture"/> for tests that sign in many times from 127.0.0.1: the per-address limit is out of the way.</summary>
public sealed class ManyLoginsServer : ServerFixture
{
    protected override ServerOptions Configure(ServerOptions options) => options with { LoginAttemptsPerMinute = 1000 };
}
