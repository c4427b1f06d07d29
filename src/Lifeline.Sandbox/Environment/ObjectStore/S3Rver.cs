using Lifeline.Providers.ProcessService;

namespace Lifeline.Sandbox.Environment.ObjectStore;

/// <summary>
/// s3rver, the S3-compatible server the sandbox's object stores run: the npm package in a fixed prefix (or
/// <c>LIFELINE_S3RVER</c>), run by Debian's Node.js. As root, <c>up</c> installs both when missing (apt-get, then npm from
/// the registry into a temporary prefix moved into place, so two sandboxes starting at once cannot leave half an install).
/// </summary>
internal static class S3Rver
{
    public const string Version = "3.7.1";
    public const string ModuleVariable = "LIFELINE_S3RVER";
    private const string Prefix = "/usr/local/lib/lifeline-s3rver";

    public static string Module => System.Environment.GetEnvironmentVariable(ModuleVariable) is { Length: > 0 } given ? given : Path.Combine(Prefix, "node_modules", "s3rver");

    public static string Node => File.Exists("/usr/bin/node") ? "/usr/bin/node" : "node";

    public static string InstallCommand => $"apt-get install -y nodejs npm && npm install --prefix {Prefix} s3rver@{Version}";

    public static async Task<string?> EnsureAsync(Action<string> report, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(Module, "package.json")) && File.Exists(Node))
        {
            return null;
        }

        if (!DetachedProcess.IsRoot)
        {
            return $"s3rver {Version} or Node.js not found; run: {InstallCommand}";
        }

        if (!File.Exists("/usr/bin/node") || !File.Exists("/usr/bin/npm"))
        {
            report("Node.js or npm not found; installing: apt-get install -y nodejs npm");
            var (apt, aptOutput) = await SandboxCommand.RunAsync("apt-get", ["install", "-y", "nodejs", "npm"], null, new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" }, cancellationToken);
            if (apt != 0)
            {
                return $"apt-get install -y nodejs npm failed ({apt}): {SandboxCommand.LastLine(aptOutput)}";
            }
        }

        report($"s3rver not found; installing: npm install --prefix {Prefix} s3rver@{Version}");
        var staging = $"{Prefix}.{Guid.NewGuid():N}";
        try
        {
            var (npm, npmOutput) = await SandboxCommand.RunAsync("npm", ["install", "--prefix", staging, "--no-audit", "--no-fund", $"s3rver@{Version}"], null, null, cancellationToken);
            if (npm != 0)
            {
                return $"npm install s3rver@{Version} failed ({npm}): {SandboxCommand.LastLine(npmOutput)}";
            }

            try
            {
                Directory.Move(staging, Prefix);
            }
            catch (IOException) when (Directory.Exists(Prefix))
            {
                // Another sandbox installed it meanwhile.
            }
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return File.Exists(Path.Combine(Module, "package.json")) ? null : $"s3rver still not found at {Module} after npm install";
    }
}
