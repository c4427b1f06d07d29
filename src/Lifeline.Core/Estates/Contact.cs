using Lifeline.Core.Diagnostics;

namespace Lifeline.Core.Estates;

/// <summary>A person or rota that can be notified, approve gates, or be escalated to.</summary>
public sealed record Contact(string Id, string Name, string Role, string? Email, string? Phone, SourceLocation Location);
