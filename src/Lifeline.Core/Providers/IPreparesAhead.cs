namespace Lifeline.Core.Providers;

/// <summary>
/// A provider with work it can do as soon as a run that uses it starts, so that the recovery's first step that needs
/// it does not wait for it: the AWS family checks the CLI's version (a Python start-up of 1-4 s on a busy host), which
/// otherwise fell on the first <c>aws</c> step, on the critical path. Never fails: what it finds is reported by the
/// step that needs it.
/// </summary>
public interface IPreparesAhead
{
    Task PrepareAsync(CancellationToken cancellationToken);
}
