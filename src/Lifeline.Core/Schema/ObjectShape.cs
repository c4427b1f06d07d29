namespace Lifeline.Core.Schema;

/// <summary>
/// The keys one kind of mapping accepts. The loader rejects any other key and the schema writer emits exactly these
/// properties, so the two cannot drift apart.
/// </summary>
internal sealed record ObjectShape(string Name, string Title, string Description, IReadOnlyList<FieldShape> Fields)
{
    /// <summary>Keys of which exactly one must be present (the step kind, the trigger kind).</summary>
    public IReadOnlyList<string> ExactlyOneOf { get; init; } = [];

    public IEnumerable<string> Keys => Fields.Select(f => f.Key);

    public FieldShape? Find(string key) => Fields.FirstOrDefault(f => f.Key == key);
}
