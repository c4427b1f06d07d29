namespace Lifeline.Sandbox.Environment.Kinds;

/// <summary>Every component kind the sandbox can build, by name (the names of Core's SandboxKinds; a test keeps them equal).</summary>
internal static class SandboxKindRegistry
{
    public static readonly IReadOnlyList<ISandboxKind> All = [new PostgresKind(), new PortalKind(), new PowerDnsKind(), new FileSecretsKind(), new ObjectStoreKind(), new PgBackRestKind(), new EhrKind(), new UpstreamKind(), new FunctionKind(), new MeetingsKind(), new S3StoreKind(), new GatewayKind()];

    public static ISandboxKind Get(string kind) =>
        All.FirstOrDefault(k => k.Kind == kind) ?? throw new InvalidOperationException($"no sandbox kind '{kind}'; the estate reader admits only known kinds");
}
