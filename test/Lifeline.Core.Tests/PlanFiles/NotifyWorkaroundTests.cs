using Lifeline.Core.PlanFiles;
using Lifeline.Core.Plans;
using static Lifeline.Core.Tests.PlanFiles.LoaderFixture;

namespace Lifeline.Core.Tests.PlanFiles;

/// <summary>The user notification's "Workaround:" field: a typed notify field, read and checked with its position.</summary>
public sealed class NotifyWorkaroundTests
{
    [Fact]
    public void Load_WorkaroundWithTemplate_IsReadOntoTheNotifyStep()
    {
        // Given a user notification with a workaround
        var plan = Plan("""
                  - id: tell
                    notify: { to: [on-call], template: medzen-user-notification, workaround: "Join by phone from the appointment page." }
            """);

        // When the plan is loaded
        var files = new Dictionary<string, string> { [EstateFile] = Estate, [PlanFile] = plan };
        var (loaded, diagnostics) = EstateLoader.Load(new EstateSources("e", EstateFile, files), new LoadOptions(null, new Dictionary<string, string>(), TestCatalog.Instance));

        // Then the step carries it
        Assert.True(loaded is not null, string.Join('\n', diagnostics));
        var body = Assert.IsType<NotifyBody>(Assert.Single(loaded.Plans).FindStep("tell")!.Body);
        Assert.Equal("Join by phone from the appointment page.", body.Workaround);
    }

    [Fact]
    public void Load_WorkaroundWithoutTemplate_IsALocatedError()
    {
        var diagnostics = Steps("""
                  - id: tell
                    notify: { to: [on-call], subject: hi, message: hello, workaround: Use the phone }
            """);

        var single = Assert.Single(diagnostics);
        Assert.Matches(@"^e/plans/p\.yaml:8:\d+: error: 'workaround' is shown only by a message template; .*; expected template: medzen-user-notification, or the workaround written into message:$", single);
    }

    [Fact]
    public void Load_EmptyWorkaround_IsALocatedError()
    {
        var diagnostics = Steps("""
                  - id: tell
                    notify: { to: [on-call], template: medzen-user-notification, workaround: " " }
            """);

        var single = Assert.Single(diagnostics);
        Assert.Matches(@"^e/plans/p\.yaml:8:\d+: error: 'workaround' is empty; expected what users can do meanwhile", single);
    }

    [Fact]
    public void Load_WorkaroundOnSeveralLines_IsALocatedError()
    {
        var diagnostics = Steps("""
                  - id: tell
                    notify:
                      to: [on-call]
                      template: medzen-user-notification
                      workaround: |
                        Join by phone.
                        Or reschedule.
            """);

        var single = Assert.Single(diagnostics);
        Assert.Matches(@"^e/plans/p\.yaml:11:\d+: error: 'workaround' spans several lines; .*; expected one line", single);
    }
}
