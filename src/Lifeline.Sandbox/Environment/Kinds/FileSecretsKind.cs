using Lifeline.Core.Estates.Sandbox;
using Lifeline.Providers.ProcessService;

namespace Lifeline.Sandbox.Environment.Kinds;

/// <summary>A directory of secret files the file-secrets provider reads and writes: <c>&lt;root&gt;/&lt;component&gt;</c>.</summary>
internal sealed class FileSecretsKind : ISandboxKind
{
    public const string Name = "file-secrets";

    public string Kind => Name;

    public static string Directory(SandboxLayout layout, SandboxComponentSpec component) => layout.Component(component.Name);

    public Task<string?> PrepareAsync(SandboxBuild build, SandboxComponentSpec component, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory(build.Layout, component));
        DetachedProcess.GiveTo(Directory(build.Layout, component), build.RunAs);
        return Task.FromResult<string?>(null);
    }

    public void Export(SandboxState state, SandboxComponentSpec component, IDictionary<string, string> settings) =>
        settings[SandboxSettings.Key(component.Name, "dir")] = Directory(new SandboxLayout(state.Directory), component);
}
