namespace Lifeline.Core.Schema;

/// <summary>One key a mapping accepts.</summary>
internal sealed record FieldShape(string Key, ValueShape Value, bool Required, string Description);
