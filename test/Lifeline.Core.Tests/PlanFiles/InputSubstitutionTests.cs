using Lifeline.Core.Diagnostics;
using Lifeline.Core.PlanFiles;

namespace Lifeline.Core.Tests.PlanFiles;

public sealed class InputSubstitutionTests
{
    private static readonly SourceLocation Here = new("p.yaml", 3, 7);

    [Fact]
    public void Apply_KnownInputs_ReplacedTextually()
    {
        var diagnostics = new DiagnosticList();

        var text = InputSubstitution.Apply("wait ${{ inputs.window }} then ${{inputs.window}}, ${{ steps.a.outputs.b }}",
            new Dictionary<string, string> { ["window"] = "30m" }, ["window"], Here, diagnostics);

        Assert.Equal("wait 30m then 30m, ${{ steps.a.outputs.b }}", text);
        Assert.Empty(diagnostics.Items);
    }

    [Fact]
    public void Apply_UnknownInput_ReportedWithSuggestion()
    {
        var diagnostics = new DiagnosticList();

        var text = InputSubstitution.Apply("${{ inputs.windw }}", new Dictionary<string, string> { ["window"] = "30m" }, ["window"], Here, diagnostics);

        Assert.Equal("${{ inputs.windw }}", text);
        Assert.Equal("p.yaml:3:7: error: ${{ inputs.windw }}: unknown input 'windw' (did you mean 'window'?); expected one of window", Assert.Single(diagnostics.Items).ToString());
    }

    [Fact]
    public void Apply_DeclaredInputWithoutValue_LeftAlone()
    {
        var diagnostics = new DiagnosticList();

        var text = InputSubstitution.Apply("${{ inputs.reason }}", new Dictionary<string, string>(), ["reason"], Here, diagnostics);

        Assert.Equal("${{ inputs.reason }}", text);
        Assert.Empty(diagnostics.Items);
    }
}
