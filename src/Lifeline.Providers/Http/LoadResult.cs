namespace Lifeline.Providers.Http;

/// <summary>One request of an http.load: whether a response arrived, after how long, and why it counts as an error (null when it does not).</summary>
internal sealed record LoadResult(bool Answered, long Milliseconds, string? Error);
