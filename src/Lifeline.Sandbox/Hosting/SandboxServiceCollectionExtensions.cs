using Lifeline.Engine.Drills;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Sandbox.Hosting;

public static class SandboxServiceCollectionExtensions
{
    /// <summary>
    /// Makes the sandbox the host's drill environment (<see cref="IDrillEnvironment"/>). Hosts that call this are the
    /// only code that knows the sandbox; it needs the providers and a <see cref="TimeProvider"/> registered.
    /// </summary>
    public static IServiceCollection AddSandboxDrills(this IServiceCollection services)
    {
        services.AddSingleton<IDrillEnvironment, SandboxDrillEnvironment>();
        return services;
    }
}
