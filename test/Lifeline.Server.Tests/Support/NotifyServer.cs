namespace Lifeline.Server.Tests.Support;

/// <summary>
/// A <see cref="ServerFixture"/> whose estate has a real <c>notify-log</c> channel (a file, <see cref="MessagesFile"/>) and
/// a plan whose notify step renders the run's inputs, one of them defaulting to the secret-holding variable.
/// </summary>
public sealed class NotifyServer : ServerFixture
{
    public const string NotifyPlan = """
        scenario: tell
        severity: P3
        inputs:
          who: { default: nobody, description: Who to name }
          key: { default: "${{ env.LIFELINE_SECRET_SERVER_TEST }}", description: A secret the plan author wired in }
        phases:
          - id: one
            name: One
            budget: 1h
            steps:
              - id: tell
                notify:
                  to: [ops]
                  channel: alerts
                  subject: "Drill for ${{ inputs.who }} key ${{ inputs.key }}"
                  message: "Inputs: who=${{ inputs.who }} key=${{ inputs.key }} env=${{ env.LIFELINE_SECRET_SERVER_TEST }}"
                  wait-for-delivery: true
                  delivery-timeout: 1m
        """;

    public string MessagesFile => Path.Combine(Directory, "messages.log");

    protected override async Task WriteEstateAsync(string estateDirectory)
    {
        var estate = Path.Combine(estateDirectory, "estate.yaml");
        var channel = $$"""

              alerts:
                kind: notification-channel
                site: here
                description: the on-call log
                bindings:
                  test: { provider: notify-log, settings: { file: "{{MessagesFile}}" } }
            """;
        await File.AppendAllTextAsync(estate, channel);
        await File.WriteAllTextAsync(Path.Combine(estateDirectory, "plans", "tell.yaml"), NotifyPlan);
    }
}
