using System.Globalization;
using System.Text;

namespace Lifeline.FailoverBench.Patroni;

/// <summary>
/// Writes a node's <c>patroni.yml</c> (etcd, PostgreSQL 15 from Debian, everything on 127.0.0.1). Each node talks to
/// etcd on a client port of its own and sticks to it (<c>use_proxies</c>: no switch to another advertised URL), and to
/// its own PostgreSQL over the Unix socket, so a partition of the node (its ports' packets dropped) cuts it off from
/// etcd and its clients but not from its own database, as on a real host.
/// </summary>
internal static class PatroniConfig
{
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";

    public static string Render(string scope, PatroniNode node, string socketDirectory, PatroniSettings settings)
    {
        var dcs = new StringBuilder();
        Append(dcs, "ttl", settings.Ttl);
        Append(dcs, "loop_wait", settings.LoopWait);
        Append(dcs, "retry_timeout", settings.RetryTimeout);
        if (settings.Synchronous)
        {
            dcs.Append("    synchronous_mode: true\n");
        }

        return $"""
            scope: {scope}
            name: {node.Name}
            restapi:
              listen: 127.0.0.1:{node.Rest.Port}
              connect_address: 127.0.0.1:{node.Rest.Port}
            {settings.Dcs}:
              hosts: 127.0.0.1:{node.EtcdPort}
              use_proxies: true
            bootstrap:
              dcs:
            {dcs}    postgresql:
                  use_pg_rewind: false
                  parameters:
                    wal_level: replica
                    hot_standby: "on"
                    max_wal_senders: 5
                    max_replication_slots: 5
                    max_connections: 40
                    shared_buffers: 32MB
              initdb:
                - encoding: UTF8
                - auth: trust
              pg_hba:
                - local all all trust
                - host replication replicator 127.0.0.1/32 trust
                - host all all 127.0.0.1/32 trust
            postgresql:
              listen: 127.0.0.1:{node.PgPort}
              connect_address: 127.0.0.1:{node.PgPort}
              use_unix_socket: true
              data_dir: {node.DataDirectory}
              bin_dir: {BinDirectory}
              pgpass: {Path.Combine(node.Directory, "pgpass")}
              authentication:
                superuser:
                  username: postgres
                  password: {Workload.Postgres.Password}
                replication:
                  username: replicator
                  password: {Workload.Postgres.Password}
              parameters:
                unix_socket_directories: {socketDirectory}
                logging_collector: "on"
                log_directory: log
                log_filename: postgresql.log

            """;
    }

    private static void Append(StringBuilder dcs, string key, int? value)
    {
        if (value is not null)
        {
            dcs.Append(CultureInfo.InvariantCulture, $"    {key}: {value}\n");
        }
    }
}
