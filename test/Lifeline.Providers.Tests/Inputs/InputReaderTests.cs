using Lifeline.Providers.Inputs;

namespace Lifeline.Providers.Tests.Inputs;

public sealed class InputReaderTests
{
    [Fact]
    public void Pairs_KeyValueList_Parsed()
    {
        var reader = new InputReader("p", "input", new Dictionary<string, string> { ["env"] = "A=1; B=x=y;" });

        var pairs = reader.Pairs("env");

        Assert.Null(reader.Error);
        Assert.Equal("1", pairs["A"]);
        Assert.Equal("x=y", pairs["B"]);
    }

    [Fact]
    public void Read_SeveralProblems_FirstOneReported()
    {
        var reader = new InputReader("p", "setting", new Dictionary<string, string> { ["port"] = "99999", ["flag"] = "maybe" });

        reader.Port("port");
        reader.Boolean("flag", false);
        reader.Required("host");

        Assert.Equal("p: setting 'port' must be a whole number from 1 to 65535, not '99999'", reader.Error);
    }

    [Fact]
    public void Duration_RunbookText_Parsed()
    {
        var reader = new InputReader("p", "input", new Dictionary<string, string> { ["wait"] = "1m30s" });

        Assert.Equal(TimeSpan.FromSeconds(90), reader.Duration("wait", TimeSpan.Zero));
        Assert.Null(reader.Error);
    }
}
