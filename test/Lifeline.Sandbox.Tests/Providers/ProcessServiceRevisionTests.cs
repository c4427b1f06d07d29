using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Providers.ProcessService;

namespace Lifeline.Sandbox.Tests.Providers;

/// <summary>Numbered revisions of a real process service (the portal): deploy, roll back, and what each instance serves.</summary>
public sealed class ProcessServiceRevisionTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private readonly ProcessServiceProvider _provider = new(TimeProvider.System);
    private readonly TestStep _step = new();

    private IReadOnlyDictionary<string, string> Dr => new Dictionary<string, string> { ["service"] = "portal-dr", ["dir"] = sandbox.Directory };

    [Fact]
    public async Task RedeployThenRollback_DrPortal_ServesTheNewRevisionThenThePreviousOne()
    {
        // Given the DR portal running one instance of revision 1
        var up = await _provider.ExecuteAsync(_step.Operation("service.scale", Dr, new Dictionary<string, string> { ["count"] = "1" }), CancellationToken.None);
        Assert.True(up.Succeeded, up.Error);
        var url = new Uri($"http://{up.Outputs["addresses"]}:{sandbox.Variables["LIFELINE_SANDBOX_PORTAL_PORT"]}/version");
        using var http = new HttpClient();
        Assert.Equal("portal-dr:1", (await http.GetFromJsonAsync<JsonElement>(url)).GetProperty("task_definition").GetString());

        try
        {
            // When a new revision is registered and deployed
            var deployed = await _provider.ExecuteAsync(
                _step.Operation("service.redeploy", Dr, new Dictionary<string, string> { ["register"] = """{"environment": {"RELEASE": "2"}, "description": "test release"}""" }),
                CancellationToken.None);

            // Then every instance was replaced by one serving revision 2
            Assert.True(deployed.Succeeded, deployed.Error);
            Assert.Equal("portal-dr:2", deployed.Outputs["task_definition"]);
            Assert.Equal("1", deployed.Outputs["running"]);
            Assert.Equal("2", (await http.GetFromJsonAsync<JsonElement>(url)).GetProperty("revision").GetString());

            // When it is rolled back
            var rolledBack = await _provider.ExecuteAsync(_step.Operation("service.rollback", Dr), CancellationToken.None);

            // Then the previous revision is served, and the probe says so
            Assert.True(rolledBack.Succeeded, rolledBack.Error);
            Assert.Equal("portal-dr:2", rolledBack.Outputs["from"]);
            Assert.Equal("portal-dr:1", rolledBack.Outputs["task_definition"]);
            var served = await http.GetFromJsonAsync<JsonElement>(url);
            Assert.Equal("1", served.GetProperty("revision").GetString());
            Assert.Equal("portal-dr:1", served.GetProperty("task_definition").GetString());
            var status = await _provider.ProbeAsync(_step.Probe("service.status", Dr), CancellationToken.None);
            Assert.Equal("1", status.Fields["revision"]);

            // And a rollback from the oldest revision is refused, naming why
            var again = await _provider.ExecuteAsync(_step.Operation("service.rollback", Dr), CancellationToken.None);
            Assert.Equal("service portal-dr runs revision 1, its oldest: nothing to roll back to", again.Error);
        }
        finally
        {
            await _provider.ExecuteAsync(_step.Operation("service.scale", Dr, new Dictionary<string, string> { ["count"] = "0" }), CancellationToken.None);
        }
    }

    [Fact]
    public async Task Redeploy_UnknownRevision_OneClearFailureNothingStopped()
    {
        var outcome = await _provider.ExecuteAsync(_step.Operation("service.redeploy", Dr, new Dictionary<string, string> { ["task-definition"] = "axis-backend:99" }), CancellationToken.None);

        Assert.StartsWith("service portal-dr has no revision 99; registered: 1", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseRevision_NumbersNamesAndArns_TheTrailingNumber()
    {
        Assert.Equal(3, ProcessServiceController.ParseRevision("3"));
        Assert.Equal(4, ProcessServiceController.ParseRevision("portal-dr:4"));
        Assert.Equal(5, ProcessServiceController.ParseRevision("arn:aws:ecs:ap-southeast-4:1:task-definition/axis:5"));
        Assert.Null(ProcessServiceController.ParseRevision("latest"));
    }
}
