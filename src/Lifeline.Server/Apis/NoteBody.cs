namespace Lifeline.Server.Apis;

/// <summary>A note on an incident. Notes starting with <c>[public]</c> also appear on the public status page.</summary>
public sealed record NoteBody(string Text, DateTimeOffset? At);
