using System.Net;
using System.Security.Cryptography;
using System.Text;
using Lifeline.Sandbox.Portal.Modes;

namespace Lifeline.Sandbox.Portal.Gateway;

/// <summary>
/// An API gateway in one site (API Gateway's stand-in, ADR 0035): every request but the gateway's own paths is forwarded
/// to the function its integration names, and answered 502 when that function does not answer. <c>/_gateway/integration</c>
/// is the admin API (loopback callers with the admin key): GET reads the integration, PUT sets it and answers the previous one.
/// </summary>
internal static class GatewayHost
{
    public const string HealthPath = "/_gateway/healthz";
    public const string AdminPath = "/_gateway/integration";
    private const string KeyHeader = "X-API-Key";

    public static async Task<int> RunAsync(WebApplicationBuilder builder)
    {
        var site = PortalModes.Required(builder.Configuration, "PORTAL_SITE", out var error);
        var first = PortalModes.Required(builder.Configuration, "PORTAL_GATEWAY_INTEGRATION", out var firstError);
        var file = PortalModes.Required(builder.Configuration, "PORTAL_GATEWAY_INTEGRATION_FILE", out var fileError);
        var keyFile = PortalModes.Required(builder.Configuration, "PORTAL_GATEWAY_KEY_FILE", out var keyError);
        var (routes, routesError) = GatewayRoutes.Parse(builder.Configuration[GatewayRoutes.Variable]);
        if ((error ?? firstError ?? fileError ?? keyError ?? routesError) is { } message)
        {
            await Console.Error.WriteLineAsync($"lifeline-portal: {message}");
            return 2;
        }

        var integration = new GatewayIntegration(file!, first!);
        var proxy = new GatewayProxy(routes!, integration);
        var app = builder.Build();
        app.MapGet(HealthPath, async (CancellationToken ct) => TypedResults.Ok(new IntegrationAnswer(await integration.CurrentAsync(ct), null)));
        app.MapGet(AdminPath, async (HttpContext context, CancellationToken ct) =>
            Refused(context, keyFile!) ?? TypedResults.Ok(new IntegrationAnswer(await integration.CurrentAsync(ct), null)));
        app.MapPut(AdminPath, async (HttpContext context, IntegrationRequest? body, CancellationToken ct) =>
        {
            if (Refused(context, keyFile!) is { } refused)
            {
                return refused;
            }

            if (body?.Uri is not { Length: > 0 } uri)
            {
                return TypedResults.Problem("the body has no uri; expected {\"uri\": \"arn:aws:lambda:REGION:ACCOUNT:function:NAME\"}", statusCode: StatusCodes.Status400BadRequest, title: "No integration");
            }

            if (routes!.Resolve(uri).Error is { } unknown)
            {
                return TypedResults.Problem(unknown, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Unknown integration");
            }

            var previous = await integration.SetAsync(uri, ct);
            app.Logger.LogInformation("gateway {Site}: integration {Previous} -> {Uri}", site, previous, uri);
            return TypedResults.Ok(new IntegrationAnswer(uri, previous));
        });
        // Any other method on the admin path is refused here, not forwarded to the function.
        app.Map(AdminPath, (HttpContext context) =>
        {
            context.Response.Headers.Allow = "GET, PUT";
            return TypedResults.Problem("the admin API answers GET and PUT", statusCode: StatusCodes.Status405MethodNotAllowed, title: "Method not allowed");
        });
        app.Map("/{**path}", proxy.ForwardAsync);
        await app.RunAsync();
        return 0;
    }

    /// <summary>Why an admin call is refused (not from loopback, or without the key), or null.</summary>
    private static IResult? Refused(HttpContext context, string keyFile)
    {
        if (context.Connection.RemoteIpAddress is not { } caller || !IPAddress.IsLoopback(caller))
        {
            return TypedResults.Problem("the admin API answers loopback callers only", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        }

        // The key is read at each call: up writes a new one when it prepares the sandbox again.
        var key = File.Exists(keyFile) ? File.ReadAllText(keyFile).Trim() : "";
        var given = context.Request.Headers[KeyHeader].ToString();
        return key.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(key))
            ? null
            : TypedResults.Problem($"the {KeyHeader} header does not carry the gateway's admin key", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
    }
}
