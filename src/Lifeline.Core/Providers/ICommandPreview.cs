namespace Lifeline.Core.Providers;

/// <summary>
/// A provider that can say, without running anything, which commands an operation would run (the <c>aws …</c> lines of the
/// AWS family). Dry-run shows them; the request's settings and inputs are the dry-run's, with secrets already masked.
/// </summary>
public interface ICommandPreview
{
    IReadOnlyList<string> PreviewCommands(OperationRequest request);
}
