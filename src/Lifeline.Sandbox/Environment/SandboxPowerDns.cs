using System.Globalization;
using System.Net;
using DnsClient;
using Lifeline.Providers.PowerDns;
using Lifeline.Providers.ProcessService;
using Microsoft.Data.Sqlite;

namespace Lifeline.Sandbox.Environment;

/// <summary>PowerDNS authoritative with a gsqlite3 backend, caches off, serving one zone with the topology's records.</summary>
internal sealed class SandboxPowerDns(SandboxLayout layout, string name, RunAsUser? runAs, TimeProvider time)
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);

    private string Directory => layout.Component(name);

    public string Database => Path.Combine(Directory, "pdns.sqlite3");

    /// <summary>The zone with its SOA, NS and the records (name relative to the zone → A addresses), and pdns.conf.</summary>
    public async Task CreateAsync(string zoneName, int ttl, int dnsPort, int apiPort, string apiKey, IReadOnlyDictionary<string, IReadOnlyList<string>> records, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var schema = await File.ReadAllTextAsync(SandboxPrerequisites.PowerDnsSchema!, cancellationToken);
        var zone = zoneName.TrimEnd('.');
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Database, Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = schema;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            var rows = new List<(string Name, string Type, string Content)>
            {
                (zone, "SOA", $"ns1.{zone} hostmaster.{zone} 1 10800 3600 604800 60"),
                (zone, "NS", $"ns1.{zone}"),
                ($"ns1.{zone}", "A", "127.0.0.1"),
            };
            foreach (var (record, addresses) in records)
            {
                rows.AddRange(addresses.Select(a => ($"{record}.{zone}", "A", a)));
            }

            await using var insert = connection.CreateCommand();
            insert.CommandText = $"""
                insert into domains (name, type) values ('{zone}', 'NATIVE');
                {string.Join("\n", rows.Select(r => $"insert into records (domain_id, name, type, content, ttl, prio, disabled, auth) values (1, '{r.Name}', '{r.Type}', '{r.Content}', {ttl.ToString(CultureInfo.InvariantCulture)}, 0, 0, 1);"))}
                """;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await File.WriteAllTextAsync(Path.Combine(Directory, "pdns.conf"), $"""
            launch=gsqlite3
            gsqlite3-database={Database}
            local-address=127.0.0.1:{dnsPort.ToString(CultureInfo.InvariantCulture)}
            api=yes
            api-key={apiKey}
            webserver=yes
            webserver-address=127.0.0.1
            webserver-port={apiPort.ToString(CultureInfo.InvariantCulture)}
            webserver-allow-from=127.0.0.0/8
            cache-ttl=0
            query-cache-ttl=0
            negquery-cache-ttl=0
            zone-cache-refresh-interval=0
            socket-dir={Directory}
            disable-syslog=yes
            # Weighted records (a canary's share) are LUA records (ADR 0034).
            enable-lua-records=yes
            log-timestamp=no
            loglevel=4
            primary=no
            secondary=no

            """, cancellationToken);
        DetachedProcess.GiveTo(Directory, runAs);
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory))
        {
            DetachedProcess.GiveTo(file, runAs);
        }
    }

    public DetachedProcessSpec LaunchSpec() => new(
        SandboxPrerequisites.PowerDnsServer,
        [$"--config-dir={Directory}", "--daemon=no", "--guardian=no"],
        new Dictionary<string, string> { ["HOME"] = layout.Home },
        layout.Log(name),
        layout.PidFile(name),
        layout.Root,
        runAs);

    /// <summary>Ready = the API answers with the key and the DNS listener answers <paramref name="probeName"/> (or the zone's SOA).</summary>
    public async Task<string?> WaitReadyAsync(SandboxComponent component, int apiPort, string apiKey, string probeName, QueryType probeType, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var api = new Uri($"http://127.0.0.1:{apiPort.ToString(CultureInfo.InvariantCulture)}/api/v1/servers/localhost");
        var deadline = time.GetUtcNow() + ReadyTimeout;
        while (true)
        {
            if (!DetachedProcess.IsAlive(component.Pid))
            {
                return $"PowerDNS on {component.Endpoint} exited during startup: {SandboxCommand.LogTail(component.Launch.LogFile)}";
            }

            if (await ApiAnswersAsync(http, api, apiKey, cancellationToken)
                && (await AuthoritativeQuery.AskAsync(new IPEndPoint(IPAddress.Loopback, component.Port), probeName, probeType, cancellationToken)).Values.Count > 0)
            {
                return null;
            }

            if (time.GetUtcNow() >= deadline)
            {
                return $"PowerDNS on {component.Endpoint} not ready after {ReadyTimeout.TotalSeconds:0} s: {SandboxCommand.LogTail(component.Launch.LogFile)}";
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        }
    }

    public static async Task<bool> ApiAnswersAsync(HttpClient http, Uri api, string apiKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, api);
        request.Headers.Add("X-API-Key", apiKey);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
