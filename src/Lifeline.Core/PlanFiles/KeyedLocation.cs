using Lifeline.Core.Diagnostics;

namespace Lifeline.Core.PlanFiles;

/// <summary>A name read from a file (an id, a list item) and where it was written.</summary>
internal sealed record KeyedLocation(string Name, SourceLocation Location);
