namespace Lifeline.Server.Hosting;

/// <summary>Builds the server for <c>lifeline serve</c>, <c>lifeline-server</c> and tests: same services, same pipeline.</summary>
public static class ServerApp
{
    public static async Task<WebApplication> CreateAsync(ServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ServerApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        await builder.AddLifelineServerAsync(options, cancellationToken);
        var app = builder.Build();
        app.UseLifelineServer();
        return app;
    }
}
