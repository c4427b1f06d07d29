using System.Diagnostics;
using Lifeline.Core.PlanFiles;

namespace Lifeline.Core.Tests.PlanFiles;

/// <summary>Plan files that are not files, too big, too deep or too long-lived: each a located error, never a hang or a crash.</summary>
public sealed class PlanFileLimitsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("lifeline-limits-").FullName;

    public PlanFileLimitsTests()
    {
        var example = RepositoryPaths.Of("examples", "axis-imaging");
        Directory.CreateDirectory(Path.Combine(_root, "plans"));
        File.Copy(Path.Combine(example, "estate.yaml"), Path.Combine(_root, "estate.yaml"));
    }

    private string Plan => Path.Combine(_root, "plans", "p.yaml");

    [Fact]
    public void Read_PlanIsAFifo_ReportsNotARegularFileWithoutBlocking()
    {
        // Given a plan file that is a named pipe nobody writes to
        using (var mkfifo = Process.Start("mkfifo", Plan))
        {
            mkfifo.WaitForExit();
        }

        // When the estate is read, then it does not wait for a writer, and says what the file is
        var (sources, diagnostics) = EstateSources.Read(_root);
        Assert.Null(sources);
        Assert.Equal($"{Plan}:1:1: error: {Plan} is a FIFO (named pipe), not a regular file; expected a regular file (a symlink may point to one)", Assert.Single(diagnostics).ToString());
    }

    [Fact]
    public void Read_PlanIsASymlinkToDevZero_ReportsNotARegularFile()
    {
        // Given a plan file that is a symlink to an endless device
        File.CreateSymbolicLink(Plan, "/dev/zero");

        // When the estate is read, then the link is followed and the device refused
        var (sources, diagnostics) = EstateSources.Read(_root);
        Assert.Null(sources);
        Assert.Contains("is a character device, not a regular file", Assert.Single(diagnostics).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PlanLargerThanTheLimit_ReportsItsSize()
    {
        // Given a 5 MB plan file
        File.WriteAllText(Plan, "scenario: " + new string('x', 5 * 1024 * 1024));

        // When the estate is read, then it is refused at its first line
        var (sources, diagnostics) = EstateSources.Read(_root);
        Assert.Null(sources);
        Assert.Equal($"{Plan}:1:1: error: {Plan} is larger than 4 MB; expected a plan or estate file of at most 4 MB", Assert.Single(diagnostics).ToString());
    }

    [Fact]
    public void Read_PlanIsASymlinkToARegularFile_Reads()
    {
        // Given a plan file that is a symlink to the example plan
        File.CreateSymbolicLink(Plan, RepositoryPaths.Of("examples", "axis-imaging", "plans", "region-failover.yaml"));

        // When the estate is read, then the plan is there
        var (sources, diagnostics) = EstateSources.Read(_root);
        Assert.Empty(diagnostics);
        Assert.Contains(Plan, sources!.Files.Keys);
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    public void Load_NestedFortyThousandDeep_ReportsTheDepthWhereItIsExceeded(string open, string close)
    {
        // Given a plan nested 40,000 levels deep in flow style
        var plan = "scenario: x\nphases: " + string.Concat(Enumerable.Repeat(open, 40_000)) + "1" + string.Concat(Enumerable.Repeat(close, 40_000)) + "\n";

        // When it is loaded, then the depth is refused at the 65th level, on line 2
        var diagnostics = LoaderFixture.Load(LoaderFixture.Estate, plan);
        var error = Assert.Single(diagnostics);
        Assert.StartsWith("e/plans/p.yaml:2:", error, StringComparison.Ordinal);
        Assert.EndsWith("error: YAML nested more than 64 levels deep; expected at most 64 levels of mappings and sequences", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BlockMappingsNestedTooDeep_ReportsTheLineWhereItIsExceeded()
    {
        // Given a plan whose block mappings nest 200 levels deep, one level per line
        var plan = "scenario: x\nphases:\n" + string.Concat(Enumerable.Range(1, 200).Select(i => new string(' ', i) + "k:\n")) + new string(' ', 201) + "v\n";

        // When it is loaded, then the line of the 65th level (the top-level mapping is the first) is named
        var diagnostics = LoaderFixture.Load(LoaderFixture.Estate, plan);
        Assert.Equal(["e/plans/p.yaml:66:65: error: YAML nested more than 64 levels deep; expected at most 64 levels of mappings and sequences"], diagnostics);
    }

    [Theory]
    [InlineData("10675200d")]
    [InlineData("999999999h")]
    [InlineData("9999999999999999999ms")]
    public void Load_DurationLongerThanAHundredYears_ReportsTheLimit(string duration)
    {
        // Given a step whose timeout is absurdly long
        var steps = $"      - id: wait\n        action: noop.run\n        target: db\n        timeout: {duration}\n";

        // When it is loaded, then the timeout is a located error naming the limit
        var diagnostics = LoaderFixture.Steps(steps);
        Assert.Contains($"e/plans/p.yaml:10:18: error: 'timeout' is '{duration}', longer than 100 years; expected a duration of at most 100 years", diagnostics);
    }

    [Fact]
    public void Load_UnclosedFlowMappingRunningIntoTheNextLines_ReportsWhereItOpens()
    {
        // Given a flow mapping left open, followed by less indented block lines (YamlDotNet stops there without a position)
        var plan = "scenario: x\nseverity: P1\nobjective: { rto: critical\nk:\n k:\n  k: v\n";

        // When it is loaded, then the error is at the unclosed brace, in words
        var diagnostics = LoaderFixture.Load(LoaderFixture.Estate, plan);
        Assert.Equal(["e/plans/p.yaml:3:12: error: YAML syntax: this '{' or '[' is not closed before the lines that follow; expected a matching '}' or ']' on the same entry"], diagnostics);
    }

    [Fact]
    public void Load_HugeScalar_EchoesOnlyAnExcerpt()
    {
        // Given a plan whose severity is a 3 MB scalar
        var plan = "scenario: x\nseverity: " + new string('x', 3_000_000) + "\n";

        // When it is loaded, then the diagnostic names the value's start and length, not the whole value
        var error = Assert.Single(LoaderFixture.Load(LoaderFixture.Estate, plan), d => d.Contains("severity", StringComparison.Ordinal) && d.Contains("3,000,000 characters", StringComparison.Ordinal));
        Assert.True(error.Length < 400, $"{error.Length} characters");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
