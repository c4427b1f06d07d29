using Lifeline.Core.Providers;
using Lifeline.Providers.Communications.Channels;

namespace Lifeline.Providers.Tests.Communications.Channels;

/// <summary>Against a real SMTP server (aiosmtpd) on loopback.</summary>
public sealed class SmtpProviderTests(SmtpServerFixture smtp) : IClassFixture<SmtpServerFixture>
{
    [Fact]
    public async Task Execute_ContactIdsAndAddress_MailsEachRecipient()
    {
        smtp.Clear();
        var request = Send(smtp.Port, "cto, oncall@axis.example");

        var outcome = await new SmtpProvider().ExecuteAsync(request, CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal("2", outcome.Outputs["recipients"]);
        var message = smtp.SingleMessage();
        Assert.Contains("X-Envelope-To: cto@axis.example,oncall@axis.example", message, StringComparison.Ordinal);
        Assert.Contains("From: lifeline@axis.example", message, StringComparison.Ordinal);
        Assert.Contains("Subject: [URGENT] Disaster Recovery Activated", message, StringComparison.Ordinal);
        Assert.Contains("X-Lifeline-Run: run-1", message, StringComparison.Ordinal);
        Assert.Contains("Contact: Dana", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_UnknownContact_FailsNamingItWithoutSending()
    {
        smtp.Clear();

        var outcome = await new SmtpProvider().ExecuteAsync(Send(smtp.Port, "ciso"), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.False(outcome.IsTransient);
        Assert.Contains("no address for contact 'ciso'", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(smtp.Spool));
    }

    [Fact]
    public async Task Execute_NothingListening_IsTransientInOneLineNamingTheServer()
    {
        var port = RecordingHttpServer.FreePort();

        var outcome = await new SmtpProvider().ExecuteAsync(Send(port, "cto"), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.True(outcome.IsTransient);
        Assert.StartsWith($"smtp: could not reach 127.0.0.1:{port}", outcome.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', outcome.Error!);
    }

    private static OperationRequest Send(int port, string to) => new(
        "notify.send", "ops-mail",
        new Dictionary<string, string>
        {
            ["host"] = "127.0.0.1",
            ["port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["from"] = "lifeline@axis.example",
            ["addresses"] = "cto=cto@axis.example, dba=dba@axis.example",
        },
        new Dictionary<string, string> { ["to"] = to, ["subject"] = "[URGENT] Disaster Recovery Activated", ["message"] = "Incident: region failover\nContact: Dana\n" },
        RecordingStepLog.Context(new RecordingStepLog()));
}
