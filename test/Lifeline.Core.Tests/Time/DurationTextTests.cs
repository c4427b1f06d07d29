using Lifeline.Core.Time;

namespace Lifeline.Core.Tests.Time;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("500ms", 0, 0, 0, 500)]
    [InlineData("30s", 0, 0, 30, 0)]
    [InlineData("15m", 0, 15, 0, 0)]
    [InlineData("1h30m", 1, 30, 0, 0)]
    [InlineData("0", 0, 0, 0, 0)]
    [InlineData("0s", 0, 0, 0, 0)]
    public void TryParse_RunbookDurations_Parse(string text, int hours, int minutes, int seconds, int milliseconds)
    {
        Assert.True(DurationText.TryParse(text, out var duration));
        Assert.Equal(new TimeSpan(0, hours, minutes, seconds, milliseconds), duration);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("30")]
    [InlineData("5x")]
    [InlineData("")]
    [InlineData("${{ inputs.window }}")]
    public void TryParse_NotADuration_Fails(string text) => Assert.False(DurationText.TryParse(text, out _));

    [Theory]
    [InlineData("10675200d")]
    [InlineData("999999999h")]
    [InlineData("9999999999999999999ms")]
    [InlineData("99999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999d")]
    [InlineData("36526d")]
    public void TryParse_LongerThanAHundredYears_FailsWithoutThrowing(string text)
    {
        Assert.False(DurationText.TryParse(text, out _));
        Assert.True(DurationText.IsTooLong(text));
    }

    [Fact]
    public void TryParse_ExactlyAHundredYears_Parses()
    {
        Assert.True(DurationText.TryParse("36525d", out var duration));
        Assert.Equal(DurationText.Maximum, duration);
    }
}
