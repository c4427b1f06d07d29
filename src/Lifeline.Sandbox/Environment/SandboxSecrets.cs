using Lifeline.Providers.Files;
using Lifeline.Providers.ProcessService;

namespace Lifeline.Sandbox.Environment;

/// <summary>Secret files of the sandbox: written atomically, readable by their owner only, owned by the sandbox user.</summary>
internal static class SandboxSecrets
{
    public static async Task WriteAsync(string path, string value, RunAsUser? runAs, CancellationToken cancellationToken)
    {
        await AtomicFile.WriteAllTextAsync(path, value, cancellationToken, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        DetachedProcess.GiveTo(path, runAs);
    }
}
