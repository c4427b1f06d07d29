namespace Lifeline.Server.Apis;

/// <summary>A resource's health as last observed (by the monitor); <c>unknown</c> until observed.</summary>
public sealed record ResourceHealthItem(string Id, string Kind, string Site, string Status, DateTimeOffset? ObservedAt, IReadOnlyDictionary<string, string> Fields);
