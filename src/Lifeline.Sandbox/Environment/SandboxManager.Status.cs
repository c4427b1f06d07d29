using System.Globalization;
using Lifeline.Providers.ProcessService;
using Npgsql;

namespace Lifeline.Sandbox.Environment;

internal sealed partial class SandboxManager
{
    public async Task<SandboxResult<SandboxStatus>> StatusAsync(string directory, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(directory);
        var state = await ReadStateAsync(root, cancellationToken);
        if (state is null)
        {
            return SandboxResult<SandboxStatus>.Fail(NotASandbox(root));
        }

        var superuserPassword = SandboxEnvironment.ReadSecret(state.SuperuserPasswordFile);
        var apiKey = SandboxEnvironment.ReadSecret(state.DnsApiKeyFile);
        var checks = state.Components.Select(async component =>
        {
            var alive = DetachedProcess.IsOurs(component.Pid, component.Marker);
            var (healthy, detail) = !alive ? (false, "not running")
                : component.Kind == "postgres" ? await PostgresHealthAsync(component.Port, superuserPassword, cancellationToken)
                : await SandboxPowerDns.ApiAnswersAsync(Http, new Uri($"http://127.0.0.1:{state.DnsApiPort.ToString(CultureInfo.InvariantCulture)}/api/v1/servers/localhost"), apiKey, cancellationToken)
                    ? (true, $"api http://127.0.0.1:{state.DnsApiPort.ToString(CultureInfo.InvariantCulture)}")
                    : (false, "API not answering");
            return new ComponentStatus(component.Name, component.Site, component.Pid, component.Endpoint, alive, healthy, detail);
        }).ToList();

        var statuses = (await Task.WhenAll(checks)).ToList();
        foreach (var service in state.Services)
        {
            var definition = await ProcessServiceController.ReadDefinitionAsync(root, service, cancellationToken);
            var serviceState = await ProcessServiceController.ReadStateAsync(root, service, cancellationToken);
            if (definition is null)
            {
                continue;
            }

            foreach (var instance in serviceState.Instances)
            {
                var alive = DetachedProcess.IsOurs(instance.Pid, instance.Marker);
                var healthy = alive && await Services.IsHealthyAsync(definition.HealthUrl(instance.Address), cancellationToken);
                statuses.Add(new ComponentStatus(
                    $"{service}/{instance.Address}", definition.Site, instance.Pid, $"{instance.Address}:{definition.Port.ToString(CultureInfo.InvariantCulture)}",
                    alive, healthy, !alive ? "not running" : healthy ? $"{definition.HealthPath} 200" : $"{definition.HealthPath} not answering 200"));
            }
        }

        return SandboxResult<SandboxStatus>.Ok(new SandboxStatus(root, statuses));
    }

    private static async Task<(bool Healthy, string Detail)> PostgresHealthAsync(int port, string superuserPassword, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(SandboxPostgres.SuperuserConnection(port, superuserPassword));
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("select pg_is_in_recovery()", connection);
            var inRecovery = (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
            return (true, inRecovery ? "standby" : "primary");
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            return (false, exception.Message);
        }
    }
}
