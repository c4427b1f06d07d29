using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lifeline.Server.Tests.Support;

namespace Lifeline.Server.Tests.Security;

/// <summary>
/// A secret is a secret however it is named: a given input may not reach the server's environment, and a plan that reads
/// a secret-holding variable through <c>${{ env.X }}</c> gets it masked. Each test scans whole outputs for the value.
/// </summary>
public sealed class InputSecretTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly string EnvReference = "${{ env." + ServerFixture.SecretVariable + " }}";

    [Fact]
    public async Task DryRunAndRun_WithEnvReferenceInAGivenInput_AreRefusedWithoutTheSecret()
    {
        // Given a viewer (dry-run) and a responder (run), each giving an input that names the secret's variable
        using var viewer = server.Client("viewer");
        using var responder = server.Client("responder");

        // When they dry-run and start the plan with it
        using var dryRun = await viewer.PostAsJsonAsync("/api/estates/test/plans/echo/dry-run", new { profile = "test", mode = "drill", inputs = new { baseline = EnvReference } });
        using var run = await responder.PostAsJsonAsync("/api/runs", new { estate = "test", scenario = "echo", mode = "drill", profile = "test", inputs = new { baseline = EnvReference } });
        using var joined = await viewer.PostAsJsonAsync("/api/estates/test/plans/echo/dry-run", new { profile = "test", inputs = new { baseline = "${{ secrets.X }}" } });
        var dryRunText = await dryRun.Content.ReadAsStringAsync();
        var runText = await run.Content.ReadAsStringAsync();
        await Task.Delay(300);

        // Then both are refused as bad input, saying why, and neither answer nor any record holds the secret
        Assert.Equal(HttpStatusCode.BadRequest, dryRun.StatusCode);
        Assert.Contains("a given input is taken literally and may not hold an expression", dryRunText, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, run.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, joined.StatusCode);
        Assert.DoesNotContain(server.SecretValue, dryRunText, StringComparison.Ordinal);
        Assert.DoesNotContain(server.SecretValue, runText, StringComparison.Ordinal);
        await AssertNowhereAsync();
    }

    [Fact]
    public async Task Run_PlanReadingASecretHoldingVariable_MasksItInEveryOutputAndRecord()
    {
        // Given a plan whose step echoes ${{ env.LIFELINE_SECRET_SERVER_TEST }} through a real program
        using var responder = server.Client("responder");
        using var viewer = server.Client("viewer");
        var outputs = new StringBuilder();

        // When it is dry-run, then run as a drill followed over SSE to its end
        using var dryRun = await viewer.PostAsJsonAsync("/api/estates/test/plans/echo/dry-run", new { profile = "test", mode = "drill", inputs = new { baseline = "hello" } });
        outputs.AppendLine(await dryRun.Content.ReadAsStringAsync());
        using var started = await responder.PostAsJsonAsync("/api/runs", new { estate = "test", scenario = "echo", mode = "drill", profile = "test", inputs = new { baseline = "hello", pause = "0s" } });
        var startedText = await started.Content.ReadAsStringAsync();
        outputs.AppendLine(startedText);
        var runId = JsonDocument.Parse(startedText).RootElement.GetProperty("run_id").GetString()!;
        using (var stream = await viewer.GetAsync($"/api/runs/{runId}/events/stream", HttpCompletionOption.ResponseHeadersRead))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            outputs.AppendLine(await new StreamReader(await stream.Content.ReadAsStreamAsync()).ReadToEndAsync(timeout.Token));
        }

        var report = await viewer.GetStringAsync($"/api/runs/{runId}");
        outputs.AppendLine(report).AppendLine(await viewer.GetStringAsync($"/api/runs/{runId}/events"));
        using var browser = new BrowserSession(server.BaseAddress);
        await browser.SignInAsync("viewer", ServerFixture.Password);
        outputs.AppendLine(await browser.Client.GetStringAsync($"/runs/{runId}"));

        // Then the run ran the step (and succeeded), and the secret is in no answer, page or record
        Assert.Equal(HttpStatusCode.OK, dryRun.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal("succeeded", JsonDocument.Parse(report).RootElement.GetProperty("status").GetString());
        Assert.Contains("***", outputs.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(server.SecretValue, outputs.ToString(), StringComparison.Ordinal);
        await AssertNowhereAsync();
    }

    [Fact]
    public async Task DryRun_DurationInputThatOverflowsOrNullInput_Is400Not500()
    {
        using var viewer = server.Client("viewer");

        using var response = await viewer.PostAsJsonAsync("/api/estates/test/plans/echo/dry-run", new { profile = "test", inputs = new { pause = "999999999999d" } });
        using var nothing = await viewer.PostAsJsonAsync("/api/estates/test/plans/echo/dry-run", new { profile = "test", inputs = new { pause = (string?)null } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);
    }

    /// <summary>Not in the audit trail (as the admin reads and exports it), and not anywhere in the state database's files.</summary>
    private async Task AssertNowhereAsync()
    {
        using var admin = server.Client("admin");
        Assert.DoesNotContain(server.SecretValue, await admin.GetStringAsync("/api/audit?limit=5000"), StringComparison.Ordinal);
        Assert.DoesNotContain(server.SecretValue, await admin.GetStringAsync("/api/audit/export"), StringComparison.Ordinal);
        var secret = Encoding.UTF8.GetBytes(server.SecretValue);
        foreach (var file in server.StateFiles)
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            await stream.CopyToAsync(memory);
            Assert.True(memory.ToArray().AsSpan().IndexOf(secret) < 0, $"the secret is in {Path.GetFileName(file)}");
        }
    }
}
