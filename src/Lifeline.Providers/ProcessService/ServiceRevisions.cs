namespace Lifeline.Providers.ProcessService;

/// <summary>
/// A service's registered revisions and the one deployed, stored as <c>&lt;dir&gt;/services/&lt;name&gt;/revisions.json</c>.
/// A service without the file runs revision 1, which adds nothing to its definition.
/// </summary>
internal sealed record ServiceRevisions(int Current, IReadOnlyList<ServiceRevision> Registered)
{
    /// <summary>The variable every instance is started with: the revision it runs, so it can report it.</summary>
    public const string Variable = "SERVICE_REVISION";

    /// <summary>The variable naming the task definition an instance runs, <c>service:N</c> (what ECS task metadata tells a container).</summary>
    public const string TaskDefinitionVariable = "SERVICE_TASK_DEFINITION";

    public static readonly ServiceRevisions Initial = new(1, [new ServiceRevision(1, new Dictionary<string, string>(), "as defined")]);

    public ServiceRevision? Find(int number) => Registered.FirstOrDefault(r => r.Number == number);

    public ServiceRevision Deployed => Find(Current) ?? Registered[0];

    /// <summary>The highest registered revision below the deployed one (what an ECS rollback picks).</summary>
    public ServiceRevision? Previous => Registered.Where(r => r.Number < Current).MaxBy(r => r.Number);

    public int Next => Registered.Count == 0 ? 1 : Registered.Max(r => r.Number) + 1;
}
