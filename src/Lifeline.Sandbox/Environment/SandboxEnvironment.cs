using System.Globalization;
using System.Text;

namespace Lifeline.Sandbox.Environment;

/// <summary>The sandbox as environment variables (<c>sandbox.env</c>), for plans' sandbox bindings and for shells.</summary>
internal static class SandboxEnvironment
{
    public static IReadOnlyDictionary<string, string> Variables(SandboxState state)
    {
        var layout = new SandboxLayout(state.Directory);
        string Port(string component) => state.Component(component).Port.ToString(CultureInfo.InvariantCulture);
        var portalPort = state.PortalPort.ToString(CultureInfo.InvariantCulture);
        var pdns = state.Component("pdns");
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["LIFELINE_SANDBOX_DIR"] = state.Directory,
            ["LIFELINE_SANDBOX_OWNER"] = state.RunAs is { } user ? $"{user.Uid.ToString(CultureInfo.InvariantCulture)}:{user.Gid.ToString(CultureInfo.InvariantCulture)}" : "",
            ["LIFELINE_SANDBOX_PG_PRIMARY_PORT"] = Port("pg-primary"),
            ["LIFELINE_SANDBOX_PG_STANDBY_PORT"] = Port("pg-standby"),
            // The data directories give the postgres bindings host access, which the fences that hold need (demote, stop, block).
            ["LIFELINE_SANDBOX_PG_PRIMARY_DATA"] = layout.PrimaryData,
            ["LIFELINE_SANDBOX_PG_STANDBY_DATA"] = layout.StandbyData,
            ["LIFELINE_SANDBOX_PG_DATABASE"] = state.Database,
            ["LIFELINE_SANDBOX_PG_USER"] = state.DatabaseUser,
            ["LIFELINE_SECRET_SANDBOX_PG_PASSWORD"] = ReadSecret(state.DatabasePasswordFile),
            ["LIFELINE_SANDBOX_PDNS_API"] = $"http://127.0.0.1:{state.DnsApiPort.ToString(CultureInfo.InvariantCulture)}",
            ["LIFELINE_SECRET_SANDBOX_PDNS_API_KEY"] = ReadSecret(state.DnsApiKeyFile),
            ["LIFELINE_SANDBOX_PDNS_DNS"] = pdns.Endpoint,
            ["LIFELINE_SANDBOX_ZONE"] = state.Zone,
            ["LIFELINE_SANDBOX_SECRETS_DIR"] = layout.Secrets,
            ["LIFELINE_SANDBOX_PORTAL_PORT"] = portalPort,
            ["LIFELINE_SANDBOX_PORTAL_PRIMARY_URL"] = $"http://{state.PrimaryPortalAddresses[0]}:{portalPort}",
            ["LIFELINE_SANDBOX_PORTAL_DR_URL"] = $"http://{state.DrPortalAddresses[0]}:{portalPort}",
            ["LIFELINE_SANDBOX_PG_SOCKET_DIR"] = layout.Run,
            ["LIFELINE_SANDBOX_PRIMARY_SITE_ADDRESS"] = SitePartition.HostAddress("primary")!,
        };
    }

    public static string Render(IReadOnlyDictionary<string, string> variables)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in variables)
        {
            text.Append(key).Append('=').Append(value).Append('\n');
        }

        return text.ToString();
    }

    public static string ReadSecret(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : "";
}
