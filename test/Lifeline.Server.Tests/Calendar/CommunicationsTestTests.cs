using System.Net;
using System.Text.RegularExpressions;
using Lifeline.Core.Providers;
using Lifeline.Engine.Calendar.Communications;
using Lifeline.Server.Hosting;
using Lifeline.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Server.Tests.Calendar;

/// <summary>
/// The calendar's communications test through real channels (SMTP to aiosmtpd, a webhook to an HTTP server), each
/// recipient acknowledging through the link in their notice, on the server's acknowledgement endpoint.
/// </summary>
public sealed partial class CommunicationsTestTests(CommunicationsServer server) : IClassFixture<CommunicationsServer>
{
    [Fact]
    public async Task SendAndGrade_OneOfTwoAcknowledges_RecordsOneOfTwoAndFailsBelowTheEstatesThresholdNamingWhoDidNot()
    {
        // Given the estate's monthly communications test (every recipient within 15 minutes), sent through both channels
        var loaded = server.Services.GetRequiredService<EstateCatalog>().Load("test", "test", new Dictionary<string, string>()).Estate!;
        var item = loaded.Estate.Calendar.Single(i => i.Id == "monthly-communications");
        var book = server.Services.GetRequiredService<AcknowledgementBook>();
        var test = new CommunicationsTest(server.Services.GetRequiredService<ProviderRegistry>(), book, TimeProvider.System);
        var round = await test.SendAsync(loaded.Estate, item, "test", _ => null, server.BaseAddress, CancellationToken.None);

        // Then each contact got a notice through each channel, with a link of their own
        Assert.Equal(["mail", "chat"], round.Channels);
        Assert.Equal(["ops", "cto"], round.Recipients.Select(r => r.Contact));
        Assert.All(round.Recipients.SelectMany(r => r.Deliveries), d => Assert.True(d.Delivered, d.Error));
        var mails = await MailsAsync(2);
        var opsMail = mails.Single(m => m.Contains("X-Envelope-To: ops@test.example", StringComparison.Ordinal));
        var opsLink = Link().Match(opsMail.Replace("=\r\n", "", StringComparison.Ordinal)).Value;
        var opsToken = opsLink[(opsLink.LastIndexOf('/') + 1)..];
        Assert.Equal(round.Recipients[0].TokenHash, AcknowledgementBook.Hash(opsToken));
        var hooks = server.Webhook.Requests.Select(r => r.Body).ToList();
        Assert.Equal(2, hooks.Count);
        Assert.Contains(hooks, h => h.GetProperty("message").GetString()!.Contains(opsLink, StringComparison.Ordinal));

        // When ops acknowledges through the link in the mail (twice: a second click changes nothing), a GET does nothing,
        // and a made-up token is refused; cto does not answer
        using var anonymous = server.Client(null);
        using var first = await anonymous.PostAsync(new Uri(opsLink), null);
        using var again = await anonymous.PostAsync(new Uri(opsLink), null);
        using var look = await anonymous.GetAsync(new Uri(Link().Match(hooks.Select(h => h.GetProperty("message").GetString()!).Single(m => !m.Contains(opsLink, StringComparison.Ordinal))).Value));
        using var madeUp = await anonymous.PostAsync(new Uri(server.BaseAddress, CommunicationsTest.AcknowledgePath + new string('0', 32)), null);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NotFound), (first.StatusCode, again.StatusCode, madeUp.StatusCode));
        Assert.NotEqual(HttpStatusCode.OK, look.StatusCode);

        // Then the acknowledgement is in the state database, as a restarted server would read it
        var reopened = await AcknowledgementBook.OpenAsync(Path.Combine(server.Directory, "state.db"), CancellationToken.None);
        Assert.NotNull(await reopened.AcknowledgedAtAsync(round.Recipients[0].TokenHash, CancellationToken.None));
        Assert.Null(await reopened.AcknowledgedAtAsync(round.Recipients[1].TokenHash, CancellationToken.None));

        // Then, graded, it records 1 of 2 acknowledged and fails below the estate's 100%, naming who did not acknowledge
        var grade = await test.GradeAsync(round, item, CancellationToken.None);
        Assert.Equal("1 of 2 acknowledged", grade.Summary);
        Assert.False(grade.Passed);
        Assert.Equal(["1 of 2 acknowledged within 15m, below the estate's 100% (2)", "cto did not acknowledge"], grade.Reasons);

        // And the graded round's links stop working
        using var late = await anonymous.PostAsync(new Uri(opsLink), null);
        Assert.Equal(HttpStatusCode.NotFound, late.StatusCode);

        // And the audit trail recorded the acknowledgements by their route, never by the token, which is a credential
        var exported = new MemoryStream();
        await server.Services.GetRequiredService<Lifeline.Engine.Audit.IAuditTrail>().ExportAsync(exported, CancellationToken.None);
        var trail = System.Text.Encoding.UTF8.GetString(exported.ToArray());
        Assert.Contains("/api/communications/ack/{token}", trail, StringComparison.Ordinal);
        Assert.DoesNotContain(opsToken, trail, StringComparison.Ordinal);

        // And the round's record holds no token, only hashes: the pending round is written to the calendar file
        Assert.DoesNotContain(opsToken, System.Text.Json.JsonSerializer.Serialize(round), StringComparison.Ordinal);
    }

    private async Task<IReadOnlyList<string>> MailsAsync(int count)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(30);
        while (true)
        {
            var files = Directory.GetFiles(server.Smtp.Spool, "*.eml");
            if (files.Length >= count || TimeProvider.System.GetUtcNow() > deadline)
            {
                return [.. files.Select(File.ReadAllText)];
            }

            await Task.Delay(50);
        }
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/api/communications/ack/[0-9a-f]{32}", RegexOptions.CultureInvariant)]
    private static partial Regex Link();
}
