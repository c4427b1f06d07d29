using Lifeline.Server.Hosting;

// lifeline-server [--state PATH] [--estate DIR]... [--urls URL]; `lifeline serve` builds the same app in-process, plus
// the sandbox as its drill environment. This host has none: sandbox drills answer 501 here (docs/adr, hosts).
var builder = WebApplication.CreateBuilder(args);
var options = new ServerOptions
{
    StatePath = builder.Configuration["state"] ?? Environment.GetEnvironmentVariable("LIFELINE_STATE") ?? ".lifeline/state.db",
    Estates = builder.Configuration.GetSection("estate").Get<string[]>() ?? (builder.Configuration["estate"] is { } one ? [one] : []),
    Urls = builder.Configuration["urls"] ?? "http://127.0.0.1:8080",
};
await builder.AddLifelineServerAsync(options, TimeProvider.System, CancellationToken.None);
var app = builder.Build();
app.UseLifelineServer();
await app.RunAsync();
