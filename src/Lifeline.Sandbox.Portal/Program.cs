using Lifeline.Sandbox.Portal.Apis;
using Lifeline.Sandbox.Portal.Database;
using Lifeline.Sandbox.Portal.Hosting;

var builder = WebApplication.CreateSlimBuilder(args);
// The slim builder leaves HTTPS out; the sandbox gives an https URL and a certificate (Kestrel:Certificates:Default).
builder.WebHost.UseKestrelHttpsConfiguration();
var settings = PortalSettings.Load(builder.Configuration);
if (settings.Error is { } error)
{
    await Console.Error.WriteLineAsync($"lifeline-portal: {error}");
    return 2;
}

builder.AddPortal(settings.Value!);
var app = builder.Build();
app.UseExceptionHandler();
app.MapPortalApis();
// Schema before listening: a healthy portal is ready to serve. Bounded by the 2 s connect timeout when the database is away.
await app.Services.GetRequiredService<PortalSchema>().EnsureAsync(app.Lifetime.ApplicationStopping);
await app.RunAsync();
return 0;
