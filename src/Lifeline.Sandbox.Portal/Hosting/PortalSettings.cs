using System.Text.Json;
using Lifeline.Sandbox.Portal.Database;

namespace Lifeline.Sandbox.Portal.Hosting;

/// <summary>
/// What the portal is told at start: its site (PORTAL_SITE) and its database secret (PORTAL_DB_SECRET_FILE), read once,
/// like the runbook's ECS tasks read Secrets Manager when they start. A secret changed later needs a restart. The
/// revision it runs (SERVICE_REVISION, set by the process service) and whether that revision is a broken build
/// (PORTAL_BROKEN=1, the sandbox's bad deployment) come from its environment too.
/// </summary>
internal sealed record PortalSettings(string Site, DatabaseSecret Secret)
{
    public const string SecretFileVariable = "PORTAL_DB_SECRET_FILE";
    public const string SiteVariable = "PORTAL_SITE";
    public const string RevisionVariable = "SERVICE_REVISION";
    public const string BrokenVariable = "PORTAL_BROKEN";
    public const string TaskDefinitionVariable = "SERVICE_TASK_DEFINITION";

    /// <summary>The task definition this instance runs (service:revision); empty when started without one.</summary>
    public string TaskDefinition { get; init; } = "";

    /// <summary>The revision this instance runs; 1 when started without one.</summary>
    public string Revision { get; init; } = "1";

    /// <summary>A broken revision serves its version but fails its health check, as a bad build would.</summary>
    public bool Broken { get; init; }

    public static (PortalSettings? Value, string? Error) Load(IConfiguration configuration)
    {
        var site = configuration[SiteVariable];
        if (string.IsNullOrWhiteSpace(site))
            return (null, $"{SiteVariable} must name the site the instance runs in.");
        var file = configuration[SecretFileVariable];
        if (string.IsNullOrWhiteSpace(file))
            return (null, $"{SecretFileVariable} must name the database secret file.");

        try
        {
            var secret = JsonSerializer.Deserialize<DatabaseSecret>(File.ReadAllText(file), DatabaseSecret.JsonOptions);
            return secret is { Host.Length: > 0, Dbname.Length: > 0, Username.Length: > 0, Port: > 0 }
                ? (new PortalSettings(site, secret)
                {
                    Revision = string.IsNullOrWhiteSpace(configuration[RevisionVariable]) ? "1" : configuration[RevisionVariable]!.Trim(),
                    Broken = configuration[BrokenVariable] == "1",
                    TaskDefinition = configuration[TaskDefinitionVariable]?.Trim() ?? "",
                }, null)
                : (null, $"{file}: the secret needs username, host, port and dbname.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return (null, $"{file}: cannot read the database secret: {ex.Message}");
        }
    }
}
