namespace Lifeline.Server.Hosting;

/// <summary>Builds the server for <c>lifeline serve</c>, <c>lifeline-server</c> and tests: same services, same pipeline.</summary>
public static class ServerApp
{
    /// <summary>The server on the system clock, without a drill environment (as <c>lifeline-server</c> runs).</summary>
    public static Task<WebApplication> CreateAsync(ServerOptions options, CancellationToken cancellationToken) =>
        CreateAsync(options, TimeProvider.System, static _ => { }, cancellationToken);

    /// <summary>
    /// The server on <paramref name="time"/>, with what the host adds to its container (<c>lifeline serve</c> adds the
    /// sandbox as the drill environment).
    /// </summary>
    public static async Task<WebApplication> CreateAsync(ServerOptions options, TimeProvider time, Action<IServiceCollection> addHostServices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(addHostServices);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ServerApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        addHostServices(builder.Services);
        await builder.AddLifelineServerAsync(options, time, cancellationToken);
        var app = builder.Build();
        app.UseLifelineServer();
        return app;
    }
}
