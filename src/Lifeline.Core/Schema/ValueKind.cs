namespace Lifeline.Core.Schema;

/// <summary>The YAML shape a key's value must have.</summary>
internal enum ValueKind
{
    /// <summary>Any scalar, read as text.</summary>
    String,

    /// <summary>A whole number.</summary>
    Integer,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>A duration such as <c>30s</c> or <c>1h30m</c>.</summary>
    Duration,

    /// <summary>One of a fixed set of words.</summary>
    Enum,

    /// <summary>A sequence of scalars.</summary>
    StringList,

    /// <summary>A mapping of name to scalar.</summary>
    ScalarMap,

    /// <summary>A mapping of name to duration.</summary>
    DurationMap,

    /// <summary>A mapping with fixed keys (<see cref="ValueShape.Object"/>).</summary>
    Object,

    /// <summary>A mapping of id to objects of one shape.</summary>
    MapOf,

    /// <summary>A sequence of objects of one shape.</summary>
    ListOf,
}
