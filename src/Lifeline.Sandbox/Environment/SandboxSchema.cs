namespace Lifeline.Sandbox.Environment;

/// <summary>
/// The tables the Axis Imaging runbook's data-integrity check counts. The portal may add its own; these are the
/// ones baselines verify.
/// </summary>
internal static class SandboxSchema
{
    public const string Sql = """
        create table if not exists patients (
            id bigserial primary key,
            external_id text not null unique,
            name text not null,
            created_at timestamptz not null default now());
        create table if not exists studies (
            id bigserial primary key,
            patient_id bigint not null references patients(id),
            modality text not null,
            created_at timestamptz not null default now());
        create table if not exists audit_logs (
            id bigserial primary key,
            action text not null,
            detail text,
            created_at timestamptz not null default clock_timestamp());
        """;
}
