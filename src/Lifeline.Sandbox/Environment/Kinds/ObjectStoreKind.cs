using Lifeline.Core.Estates.Sandbox;
using Lifeline.Providers.ProcessService;

namespace Lifeline.Sandbox.Environment.Kinds;

/// <summary>
/// A bucket as a plain directory, <c>&lt;root&gt;/&lt;component&gt;</c>: a stub so estates can declare their object stores now;
/// an S3-compatible server replaces it in a later issue without touching the other kinds.
/// </summary>
internal sealed class ObjectStoreKind : ISandboxKind
{
    public const string Name = "object-store";

    public string Kind => Name;

    public Task<string?> PrepareAsync(SandboxBuild build, SandboxComponentSpec component, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(build.Layout.Component(component.Name));
        DetachedProcess.GiveTo(build.Layout.Component(component.Name), build.RunAs);
        return Task.FromResult<string?>(null);
    }

    public void Export(SandboxState state, SandboxComponentSpec component, IDictionary<string, string> settings) =>
        settings[SandboxSettings.Key(component.Name, "dir")] = new SandboxLayout(state.Directory).Component(component.Name);
}
