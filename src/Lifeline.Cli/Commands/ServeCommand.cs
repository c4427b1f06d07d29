using System.CommandLine;
using Lifeline.Cli.Hosting;
using Lifeline.Server.Hosting;

namespace Lifeline.Cli.Commands;

/// <summary><c>lifeline serve</c>: the REST API, dashboard and status page over the same state file the CLI uses.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var estates = new Option<string[]>("--estate", "-e") { Description = "Estate directory to serve; repeatable.", DefaultValueFactory = _ => [] };
        var url = new Option<string>("--url") { Description = "Where to listen (bind to loopback unless a TLS proxy is in front).", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var insecure = new Option<bool>("--insecure-cookies") { Description = "Do not mark cookies Secure (plain HTTP on a host browsers do not treat as secure)." };
        var command = new Command("serve", "Serve the REST API (OpenAPI at /openapi/v1.json), the dashboard and the public status page.") { estates, url, insecure };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new ServerOptions
            {
                StatePath = GlobalOptions.StatePath(parse),
                Estates = parse.GetValue(estates)!,
                Urls = parse.GetValue(url)!,
                SecureCookies = !parse.GetValue(insecure),
                Environment = RunEnvironment.Get,
            };
            await using var app = await ServerApp.CreateAsync(options, cancellationToken);
            using var stop = cancellationToken.Register(() => app.Lifetime.StopApplication());
            await app.RunAsync();
            return ExitCodes.Success;
        });
        return command;
    }
}
