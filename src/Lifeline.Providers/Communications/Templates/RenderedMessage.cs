namespace Lifeline.Providers.Communications.Templates;

/// <summary>A rendered template: the subject line and the body, ready for a <c>notify.send</c> step.</summary>
public sealed record RenderedMessage(string Subject, string Body);
