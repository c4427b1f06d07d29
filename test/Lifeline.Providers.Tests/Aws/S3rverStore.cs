using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Lifeline.Providers.Tests.Aws;

/// <summary>
/// A real S3-compatible server for the aws-s3 tests: s3rver (npm, installed by test.sh) run by Node.js through the
/// sandbox's own site script, on a free loopback port, with its own random access key, stopped by its PID.
/// </summary>
internal sealed class S3rverStore : IAsyncDisposable
{
    private const string DefaultModule = "/usr/local/lib/lifeline-s3rver/node_modules/s3rver";
    private readonly Process _process;
    private readonly string _directory;

    private S3rverStore(Process process, string directory, string endpoint, string accessKeyId, string secretAccessKey)
    {
        _process = process;
        _directory = directory;
        Endpoint = endpoint;
        AccessKeyId = accessKeyId;
        SecretAccessKey = secretAccessKey;
    }

    public string Endpoint { get; }

    public string AccessKeyId { get; }

    public string SecretAccessKey { get; }

    /// <summary>Starts a store; <paramref name="sameKeyAs"/> gives it another store's access key (one account, two regions).</summary>
    public static async Task<S3rverStore> StartAsync(string buckets, S3rverStore? sameKeyAs = null)
    {
        var module = Environment.GetEnvironmentVariable("LIFELINE_S3RVER") is { Length: > 0 } given ? given : DefaultModule;
        Assert.True(File.Exists(Path.Combine(module, "package.json")), $"s3rver is missing at {module}: npm install --prefix /usr/local/lib/lifeline-s3rver s3rver@3.7.1 (test.sh installs it)");
        var directory = Directory.CreateTempSubdirectory("lifeline-s3rver-").FullName;
        var id = sameKeyAs?.AccessKeyId ?? "AKIA" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        var secret = sameKeyAs?.SecretAccessKey ?? RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 40);
        var keys = Path.Combine(directory, "keys");
        await File.WriteAllTextAsync(keys, $"{id}\n{secret}\n");
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo(File.Exists("/usr/bin/node") ? "/usr/bin/node" : "node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "src", "Lifeline.Sandbox", "Environment", "ObjectStore", "s3site.js"));
        start.ArgumentList.Add(Path.Combine(directory, "data"));
        start.Environment["S3SITE_MODULE"] = module;
        start.Environment["S3SITE_KEYS_FILE"] = keys;
        start.Environment["S3SITE_ADDRESS"] = "127.0.0.1";
        start.Environment["S3SITE_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["S3SITE_BUCKETS"] = buckets;
        var process = Process.Start(start)!;
        var store = new S3rverStore(process, directory, $"http://127.0.0.1:{port}", id, secret);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                if ((await http.GetAsync(new Uri(store.Endpoint + "/health"))).IsSuccessStatusCode)
                {
                    return store;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            if (process.HasExited || TimeProvider.System.GetUtcNow() > deadline)
            {
                await store.DisposeAsync();
                throw new InvalidOperationException($"s3rver did not answer on {store.Endpoint}: {(process.HasExited ? await process.StandardError.ReadToEndAsync() : "timeout")}");
            }

            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Lifeline.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (Lifeline.slnx) above " + AppContext.BaseDirectory);
    }
}
