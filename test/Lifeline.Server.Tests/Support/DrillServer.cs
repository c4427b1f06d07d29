using Lifeline.Engine.Drills;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Server.Tests.Support;

/// <summary>The test estate's gated plan as the drill scenario, run by a <see cref="WaitingDrillEnvironment"/>.</summary>
public sealed class DrillServer : ServerFixture
{
    public WaitingDrillEnvironment Environment { get; } = new();

    protected override void AddHostServices(IServiceCollection services) => services.AddSingleton<IDrillEnvironment>(Environment);
}
