using System.Text.Json;
using System.Threading.RateLimiting;
using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Audit;
using Lifeline.Providers;
using Lifeline.Server.Apis;
using Lifeline.Server.Calendar;
using Lifeline.Server.Dashboard;
using Lifeline.Server.Monitoring;
using Lifeline.Server.Readiness;
using Lifeline.Server.Runs;
using Lifeline.Server.Security;
using Lifeline.Server.StatusPage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Lifeline.Server.Hosting;

/// <summary>
/// The server's composition: <see cref="AddLifelineServerAsync"/> registers everything in the host's one container,
/// <see cref="UseLifelineServer"/> wires the pipeline and maps every endpoint. The host brings the clock and may add a
/// drill environment (<see cref="Engine.Drills.IDrillEnvironment"/>); the server itself knows no sandbox.
/// </summary>
public static class ServerHostingExtensions
{
    private const string SmartScheme = "Lifeline";

    public static async Task<WebApplicationBuilder> AddLifelineServerAsync(this WebApplicationBuilder builder, ServerOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.WebHost.UseUrls(options.Urls);

        // Nothing the API takes is large: a bigger body is refused (413) before it is read, for JSON and forms alike.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        // A host that fails to start (say its port is taken) logs the exception with its stack trace before throwing it
        // to whoever started it, which says it in one line (lifeline serve); later host errors are logged as usual.
        var startup = new StartupPhase();
        builder.Services.AddSingleton(startup);
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", level => startup.Over || level >= LogLevel.Critical);
        var services = builder.Services;
        services.AddSingleton(time);
        services.AddSingleton(options);
        services.AddLifelineProviders();
        var stores = await ServerStores.OpenAsync(options, time, cancellationToken);
        services.AddSingleton(stores);
        services.AddSingleton<ServerState>();
        services.AddSingleton<IAuditTrail>(_ => stores.Audit);
        services.AddSingleton(_ => stores.Users);
        services.AddSingleton<EstateCatalog>();
        services.AddSingleton<RunEventHub>();
        services.AddSingleton<RunHost>();
        services.AddHostedService(sp => sp.GetRequiredService<RunHost>());
        services.AddSingleton<SandboxDrills>();
        services.AddSingleton<ResourceHealthBoard>();
        services.AddSingleton<StatusPageBuilder>();
        services.AddSingleton<RunDecisions>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<LagHistory>();
        services.AddSingleton<MonitorHost>();
        services.AddHostedService(sp => sp.GetRequiredService<MonitorHost>());
        services.AddSingleton<MonitorReader>();
        services.AddSingleton<ReadinessHost>();
        services.AddHostedService(sp => sp.GetRequiredService<ReadinessHost>());
        services.AddSingleton<CalendarBoard>();
        services.AddSingleton<CalendarHost>();
        services.AddHostedService(sp => sp.GetRequiredService<CalendarHost>());
        services.AddSingleton(_ => stores.Acknowledgements);

        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.Converters.Add(new WireEnumConverter());
        });
        services.AddOpenApi();
        AddSecurity(services, options);
        services.AddRazorComponents();
        return builder;
    }

    public static WebApplication UseLifelineServer(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        app.UseRouting();

        // Before the rate limiter and authorization, so the calls they refuse (429, 401, 403) are audited too.
        app.UseApiAudit();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseApiCsrfProtection();
        app.UseAntiforgery();

        app.MapOpenApi().AllowAnonymous();
        app.MapGet("/healthz", () => TypedResults.Text("ok")).AllowAnonymous().ExcludeFromDescription();
        app.MapAuthApi();
        app.MapUsersApi();
        app.MapEstatesApi();
        app.MapRunsApi();
        app.MapDrillsApi();
        app.MapIncidentsApi();
        app.MapAuditApi();
        app.MapMonitorApi();
        app.MapStatusPageApi();
        app.MapReadinessApi();
        app.MapCalendarApi();
        app.MapCommunicationsApi();
        app.MapDashboardScript();
        app.MapRazorComponents<App>();

        var options = app.Services.GetRequiredService<ServerOptions>();
        var startup = app.Services.GetRequiredService<StartupPhase>();
        app.Lifetime.ApplicationStarted.Register(() => startup.Over = true);
        app.Lifetime.ApplicationStarted.Register(() => Log.Listening(app.Logger, string.Join(", ", app.Urls), options.StatePath, string.Join(", ", app.Services.GetRequiredService<EstateCatalog>().Names)));
        return app;
    }

    private static void AddSecurity(IServiceCollection services, ServerOptions options)
    {
        var secure = options.SecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.AddAuthentication(SmartScheme)
            .AddPolicyScheme(SmartScheme, "Session cookie or API token", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? TokenAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = "lifeline.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = secure;
                o.ExpireTimeSpan = options.SessionLifetime;
                o.SlidingExpiration = false;
                o.LoginPath = "/login";
                o.ReturnUrlParameter = "returnUrl";
                o.AccessDeniedPath = "/login";

                // APIs answer 401/403 (as problem details); only pages redirect to the login form.
                o.Events.OnRedirectToLogin = context => Deny(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => Deny(context, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = ValidateSessionAsync;
            });
        services.AddAuthorization(Roles.AddPolicies);
        services.AddAntiforgery(o =>
        {
            o.HeaderName = CsrfProtection.HeaderName;
            o.Cookie.Name = "lifeline.csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            // Antiforgery refuses to issue a Secure-only cookie on a plain-HTTP request at all, which would break the login
            // form on http://localhost; the token is no credential without the (Secure) session cookie, so follow the request.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(AuthApi.LoginRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.LoginAttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await Results.Problem("too many login attempts from this address; try again in a minute", statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests")
                    .ExecuteAsync(context.HttpContext);
            };
        });
    }

    private static Task Deny(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        // A relative redirect: the Host header the request came with never decides where the browser goes next.
        var back = AuthApi.LocalPath(request.PathBase + request.Path + request.QueryString);
        context.Response.Redirect($"{request.PathBase}/login?returnUrl={Uri.EscapeDataString(back)}");
        return Task.CompletedTask;
    }

    // Every cookie request: the session must still be open in the store, and the principal is rebuilt from the user as
    // they are now (a changed role counts at once; a disabled user is out).
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var users = context.HttpContext.RequestServices.GetRequiredService<UserStore>();
        var session = context.Principal is { } principal ? Principals.SessionId(principal) : null;
        if (session is null || await users.ValidateSessionAsync(session, context.HttpContext.RequestAborted) is not { } user)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        context.ReplacePrincipal(Principals.Create(user, Principals.CookieAuthentication, session));
    }
}
