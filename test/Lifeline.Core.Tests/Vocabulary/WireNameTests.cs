using System.Text.Json;
using Lifeline.Core.Plans;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Core.Tests.Vocabulary;

public sealed class WireNameTests
{
    [Theory]
    [InlineData(RunMode.DryRun, "dry-run")]
    [InlineData(RunMode.Live, "live")]
    [InlineData(OnFailure.Compensate, "compensate")]
    [InlineData(ExpectationOperator.GreaterOrEqual, "greater-or-equal")]
    public void Of_Value_IsKebabCase(object value, string expected)
    {
        // Given an enum value; when it is written; then it is kebab-case
        var written = value switch
        {
            RunMode m => WireName.Of(m),
            OnFailure f => WireName.Of(f),
            ExpectationOperator o => WireName.Of(o),
            _ => throw new ArgumentException("unexpected", nameof(value)),
        };

        Assert.Equal(expected, written);
    }

    [Theory]
    [InlineData("dry-run")]
    [InlineData("DryRun")]
    [InlineData("dryrun")]
    [InlineData("dry_run")]
    public void TryParse_OldSpellings_ReadAsTheSameValue(string text)
    {
        // Given a spelling an older build wrote to the store or the API; when it is read; then it is the same value
        Assert.True(WireName.TryParse<RunMode>(text, out var mode));
        Assert.Equal(RunMode.DryRun, mode);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("")]
    [InlineData("dry-runs")]
    [InlineData(null)]
    public void TryParse_NotAName_Fails(string? text) => Assert.False(WireName.TryParse<RunMode>(text, out _));

    [Fact]
    public void WireEnumConverter_RoundTrip_WritesKebabAndReadsOldSpellings()
    {
        // Given JSON options with the one converter
        var options = new JsonSerializerOptions { Converters = { new WireEnumConverter() } };

        // When a value is written, and an old spelling is read
        var written = JsonSerializer.Serialize(RunMode.DryRun, options);
        var read = JsonSerializer.Deserialize<RunMode>("\"dry_run\"", options);

        // Then the wire has one spelling, and the old one still reads
        Assert.Equal("\"dry-run\"", written);
        Assert.Equal(RunMode.DryRun, read);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<RunMode>("\"sometimes\"", options));
    }
}
