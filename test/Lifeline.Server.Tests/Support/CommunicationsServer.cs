using Lifeline.Providers.Tests.Communications.Channels;

namespace Lifeline.Server.Tests.Support;

/// <summary>
/// A <see cref="ServerFixture"/> whose estate has two real notification channels, e-mail through a real SMTP server
/// (aiosmtpd) and a webhook (a recording HTTP server), two escalation levels, and a monthly communications test that
/// needs every recipient to acknowledge within 15 minutes.
/// </summary>
public sealed class CommunicationsServer : ServerFixture, IAsyncLifetime
{
    public SmtpServerFixture Smtp { get; } = new();

    internal RecordingHttpServer Webhook { get; } = new();

    protected override Task WriteEstateAsync(string estateDirectory) =>
        File.AppendAllTextAsync(Path.Combine(estateDirectory, "estate.yaml"), $$"""

              mail:
                kind: notification-channel
                site: here
                description: the on-call mail relay
                bindings:
                  test: { provider: smtp, settings: { host: 127.0.0.1, port: "{{Smtp.Port}}", from: dr@test.example, security: none, addresses: "ops=ops@test.example, cto=cto@test.example" } }
              chat:
                kind: notification-channel
                site: here
                description: the on-call chat webhook
                bindings:
                  test: { provider: webhook, settings: { url: "{{Webhook.Url}}" } }
            escalation:
              - { level: 1, contacts: [ops], after: 0m }
              - { level: 2, contacts: [cto], after: 15m }
            calendar:
              monthly-communications:
                description: Monthly communication procedures test
                cadence: "0 23 12 * *"
                owner: ops
                task: Send a test notice through every channel and count the acknowledgements
                acknowledge-within: 15m
                min-acknowledged: 100
            """);

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Smtp.Dispose();
        Webhook.Dispose();
    }
}
