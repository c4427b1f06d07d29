namespace Lifeline.Sandbox.Environment;

/// <summary>
/// The portal's tables (patients, studies, audit_logs, users): the ones the runbook's integrity check counts. One
/// definition, the portal's, so the sandbox and the application never disagree about a column.
/// </summary>
internal static class SandboxSchema
{
    public const string Sql = Portal.Database.PortalSchema.Ddl;
}
