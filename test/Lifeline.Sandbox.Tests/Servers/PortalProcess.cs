using System.Text.Json;

namespace Lifeline.Sandbox.Tests.Servers;

/// <summary>
/// A real <c>dotnet lifeline-portal.dll</c> process on loopback, as the sandbox runs it: the portal mode of
/// <see cref="PortalModeProcess"/>, its database secret in a file of its own.
/// </summary>
internal sealed class PortalProcess : IAsyncDisposable
{
    private readonly PortalModeProcess _process;
    private readonly string _secretFile;

    private PortalProcess(PortalModeProcess process, string secretFile)
    {
        _process = process;
        _secretFile = secretFile;
    }

    public Uri BaseAddress => _process.BaseAddress;

    /// <summary>From process start to the first 200 from /health.</summary>
    public TimeSpan StartupTime => _process.StartupTime;

    public string Output => _process.Output;

    public static async Task<PortalProcess> StartAsync(PostgresCluster cluster, string database, string site = "primary", string address = "127.0.0.1", int? port = null)
    {
        var secretFile = Path.Combine(Path.GetTempPath(), $"lifeline-portal-secret-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(secretFile, JsonSerializer.Serialize(new
        {
            username = "postgres", password = "unused-with-trust", engine = "postgres", host = "127.0.0.1", port = cluster.Port, dbname = database,
        }));
        try
        {
            var environment = new Dictionary<string, string> { ["PORTAL_DB_SECRET_FILE"] = secretFile, ["PORTAL_SITE"] = site };
            return new PortalProcess(await PortalModeProcess.StartAsync(environment, "/health", port, address), secretFile);
        }
        catch
        {
            File.Delete(secretFile);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        File.Delete(_secretFile);
    }
}
