using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lifeline.Server.Tests.Support;

namespace Lifeline.Server.Tests.Security;

/// <summary>
/// Messages leave the building: a notify step that renders the run's inputs (one defaulting to a secret-holding variable)
/// and the variable itself delivers them masked through a real notify-log channel, and the outbox keeps no clear copy.
/// </summary>
public sealed class MessageSecretTests(NotifyServer server) : IClassFixture<NotifyServer>
{
    [Fact]
    public async Task Run_NotifyRenderingInputsAndSecretVariable_DeliversTheMessageMasked()
    {
        // Given a plan whose notify step names ${{ inputs.who }}, ${{ inputs.key }} (defaulting to the secret) and the variable
        using var responder = server.Client("responder");
        using var viewer = server.Client("viewer");

        // When it runs as a drill to its end, waiting for the channel to deliver
        using var started = await responder.PostAsJsonAsync("/api/runs", new { estate = "test", scenario = "tell", mode = "drill", profile = "test", inputs = new { who = "Ward 7" } });
        var startedText = await started.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var runId = JsonDocument.Parse(startedText).RootElement.GetProperty("run_id").GetString()!;
        var outputs = new StringBuilder(startedText);
        using (var stream = await viewer.GetAsync($"/api/runs/{runId}/events/stream", HttpCompletionOption.ResponseHeadersRead))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            outputs.AppendLine(await new StreamReader(await stream.Content.ReadAsStreamAsync()).ReadToEndAsync(timeout.Token));
        }

        var report = await viewer.GetStringAsync($"/api/runs/{runId}");
        outputs.AppendLine(report).AppendLine(await viewer.GetStringAsync($"/api/runs/{runId}/events"));
        var delivered = await File.ReadAllTextAsync(server.MessagesFile);

        // Then the message was delivered with the given input in clear and every secret masked, and no record holds it
        Assert.Equal("succeeded", JsonDocument.Parse(report).RootElement.GetProperty("status").GetString());
        Assert.Contains("who=Ward 7", delivered, StringComparison.Ordinal);
        Assert.Contains("***", delivered, StringComparison.Ordinal);
        Assert.DoesNotContain(server.SecretValue, delivered, StringComparison.Ordinal);
        Assert.DoesNotContain(server.SecretValue, outputs.ToString(), StringComparison.Ordinal);
        using var admin = server.Client("admin");
        Assert.DoesNotContain(server.SecretValue, await admin.GetStringAsync("/api/audit/export"), StringComparison.Ordinal);
        var secret = Encoding.UTF8.GetBytes(server.SecretValue);
        foreach (var file in server.StateFiles)
        {
            await using var state = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            await state.CopyToAsync(memory);
            Assert.True(memory.ToArray().AsSpan().IndexOf(secret) < 0, $"the secret is in {Path.GetFileName(file)} (the outbox's deliveries or another table)");
        }
    }
}
