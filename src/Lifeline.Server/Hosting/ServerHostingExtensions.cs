using System.Text.Json;
using System.Threading.RateLimiting;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Audit;
using Lifeline.Providers;
using Lifeline.Server.Apis;
using Lifeline.Server.Dashboard;
using Lifeline.Server.Monitoring;
using Lifeline.Server.Readiness;
using Lifeline.Server.Runs;
using Lifeline.Server.Security;
using Lifeline.Server.StatusPage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Lifeline.Server.Hosting;

/// <summary>The server's composition: <see cref="AddLifelineServerAsync"/> registers everything, <see cref="UseLifelineServer"/> wires the pipeline and maps every endpoint.</summary>
public static class ServerHostingExtensions
{
    private const string SmartScheme = "Lifeline";

    public static async Task<WebApplicationBuilder> AddLifelineServerAsync(this WebApplicationBuilder builder, ServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var services = builder.Services;
        var time = TimeProvider.System;
        services.AddSingleton(time);
        services.AddSingleton(options);
        var providers = new ServiceCollection().AddLifelineProviders().BuildServiceProvider().GetRequiredService<ProviderRegistry>();
        services.AddSingleton(providers);
        var state = await ServerState.OpenAsync(options, providers, time, cancellationToken);
        services.AddSingleton(_ => state);
        services.AddSingleton<IAuditTrail>(_ => state.Audit);
        services.AddSingleton(_ => state.Users);
        services.AddSingleton<EstateCatalog>();
        services.AddSingleton<RunEventHub>();
        services.AddSingleton<RunHost>();
        services.AddSingleton<SandboxDrills>();
        services.AddSingleton<ResourceHealthBoard>();
        services.AddSingleton<StatusPageBuilder>();
        services.AddSingleton<RunDecisions>();
        services.AddSingleton<LagHistory>();
        services.AddSingleton<MonitorHost>();
        services.AddHostedService(sp => sp.GetRequiredService<MonitorHost>());
        services.AddSingleton<MonitorReader>();

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
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseApiAudit();
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
        app.MapDashboardScript();
        app.MapRazorComponents<App>();

        var options = app.Services.GetRequiredService<ServerOptions>();
        var host = app.Services.GetRequiredService<RunHost>();
        app.Lifetime.ApplicationStarted.Register(() => Log.Listening(app.Logger, string.Join(", ", app.Urls), options.StatePath, string.Join(", ", app.Services.GetRequiredService<EstateCatalog>().Names)));
        app.Lifetime.ApplicationStopping.Register(() => host.DrainAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult());
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
                o.SlidingExpiration = true;
                o.LoginPath = "/login";
                o.ReturnUrlParameter = "returnUrl";
                o.AccessDeniedPath = "/login";

                // APIs answer 401/403 (as problem details); only pages redirect to the login form.
                o.Events.OnRedirectToLogin = context => Deny(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => Deny(context, StatusCodes.Status403Forbidden);
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
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
