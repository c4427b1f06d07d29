namespace Lifeline.Sandbox.Portal.Apis;

internal static class PortalApis
{
    public static WebApplication MapPortalApis(this WebApplication app)
    {
        app.MapHealthApi();
        app.MapAuthApi();
        app.MapPatientsApi();
        app.MapStudiesApi();
        return app;
    }
}
