using Lifeline.Sandbox.Portal.Functions;
using Lifeline.Sandbox.Portal.Gateway;
using Lifeline.Sandbox.Portal.Hosting;
using Lifeline.Sandbox.Portal.Meetings;
using Lifeline.Sandbox.Portal.Modes;
using Lifeline.Sandbox.Portal.Regional;

var builder = WebApplication.CreateSlimBuilder(args);
// The slim builder leaves HTTPS out; the sandbox gives an https URL and a certificate (Kestrel:Certificates:Default).
builder.WebHost.UseKestrelHttpsConfiguration();
// Per-request hosting logs cost more than the requests at workload rates; keep lifetime and our own events.
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
return (builder.Configuration[PortalModes.Variable] ?? PortalModes.Portal) switch
{
    PortalModes.Portal => await PortalHost.RunAsync(builder, ehr: false),
    PortalModes.Ehr => await PortalHost.RunAsync(builder, ehr: true),
    PortalModes.Upstream => await UpstreamHost.RunAsync(builder),
    PortalModes.Function => await FunctionHost.RunAsync(builder),
    PortalModes.Meetings => await MeetingsHost.RunAsync(builder),
    PortalModes.Gateway => await GatewayHost.RunAsync(builder),
    var other => await PortalModes.UnknownAsync(other),
};
