namespace Lifeline.Sandbox.Tests.Workload;

[CollectionDefinition(Name)]
public sealed class SandboxDatabaseCollection : ICollectionFixture<SandboxDatabaseFixture>
{
    public const string Name = "sandbox database";
}
