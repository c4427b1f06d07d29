namespace Lifeline.Core.Diagnostics;

/// <summary>A position in a plan or estate file; lines and columns count from 1.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    public static readonly SourceLocation None = new("<none>", 0, 0);

    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}
