namespace Lifeline.Sandbox.Portal.Gateway;

/// <summary>
/// The gateway's current integration, kept in a file so it survives a restart and every instance of the site serves the
/// same one; the first integration until something sets it. Read at every request: a change by another instance counts at once.
/// </summary>
internal sealed class GatewayIntegration(string file, string first)
{
    private readonly SemaphoreSlim _write = new(1, 1);

    public async Task<string> CurrentAsync(CancellationToken cancellationToken) =>
        File.Exists(file) && (await File.ReadAllTextAsync(file, cancellationToken)).Trim() is { Length: > 0 } current ? current : first;

    /// <summary>Sets the integration and returns the one it replaces.</summary>
    public async Task<string> SetAsync(string integration, CancellationToken cancellationToken)
    {
        await _write.WaitAsync(cancellationToken);
        try
        {
            var previous = await CurrentAsync(cancellationToken);
            var temporary = $"{file}.{Guid.NewGuid():N}.tmp";
            await File.WriteAllTextAsync(temporary, integration + "\n", cancellationToken);
            File.Move(temporary, file, overwrite: true);
            return previous;
        }
        finally
        {
            _write.Release();
        }
    }
}
