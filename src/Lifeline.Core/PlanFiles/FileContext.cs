using Lifeline.Core.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Lifeline.Core.PlanFiles;

/// <summary>One file being read: where its diagnostics go, and how its scalars are rewritten (plan inputs).</summary>
internal sealed class FileContext(string file, DiagnosticList diagnostics)
{
    public string File => file;

    public DiagnosticList Diagnostics => diagnostics;

    /// <summary>Rewrites every scalar before it is interpreted; plans substitute <c>${{ inputs.NAME }}</c> here.</summary>
    public Func<string, SourceLocation, string>? Substitute { get; set; }

    public SourceLocation At(YamlNode node) => new(file, (int)node.Start.Line, (int)node.Start.Column);

    public void Error(YamlNode node, string message, string? expected = null) => diagnostics.Error(At(node), message, expected);

    public string Text(YamlScalarNode node)
    {
        var raw = node.Value ?? "";
        return Substitute is null ? raw : Substitute(raw, At(node));
    }
}
