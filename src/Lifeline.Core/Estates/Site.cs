using Lifeline.Core.Diagnostics;

namespace Lifeline.Core.Estates;

/// <summary>A failure domain: an AWS region in production, a group of local processes in the sandbox.</summary>
public sealed record Site(string Id, string Role, string? Region, string Description, SourceLocation Location);
