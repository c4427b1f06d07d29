namespace Lifeline.Sandbox.Portal.Modes;

/// <summary>
/// What one run of the sample app serves (PORTAL_MODE): the patient portal, an EHR service (the portal plus the EHRbase
/// status route), a regional upstream API, a function calling an upstream in a configured region, a meeting manager, or an API gateway forwarding to a function.
/// One small app with modes keeps one build and one dll for every sandbox service.
/// </summary>
internal static class PortalModes
{
    public const string Variable = "PORTAL_MODE";
    public const string Portal = "portal";
    public const string Ehr = "ehr";
    public const string Upstream = "upstream";
    public const string Function = "function";
    public const string Meetings = "meetings";
    public const string Gateway = "gateway";

    public static async Task<int> UnknownAsync(string mode)
    {
        await Console.Error.WriteLineAsync($"lifeline-portal: {Variable}={mode} is not a mode; expected one of: {Portal}, {Ehr}, {Upstream}, {Function}, {Meetings}, {Gateway}");
        return 2;
    }

    /// <summary>A required environment setting, or the error that names it.</summary>
    public static string? Required(IConfiguration configuration, string name, out string? error)
    {
        var value = configuration[name];
        error = string.IsNullOrWhiteSpace(value) ? $"{name} must be set" : null;
        return error is null ? value : null;
    }
}
