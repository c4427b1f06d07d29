using Lifeline.Providers;
using Lifeline.Sandbox.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Cli.Hosting;

/// <summary>
/// The CLI's composition root, built once per process: the host's clock, every provider (on that clock), and the
/// sandbox as the drill environment. Only this host (and <c>lifeline serve</c>, through it) knows the sandbox.
/// </summary>
internal static class CliComposition
{
    public static ServiceProvider Build(TimeProvider time)
    {
        var services = new ServiceCollection();
        services.AddSingleton(time);
        services.AddLifelineProviders();
        services.AddSandboxDrills();
        services.AddSingleton(sp => new CliServices(sp, time));
        return services.BuildServiceProvider();
    }
}
