using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;

namespace Lifeline.Sandbox.Portal.Database;

/// <summary>The database secret, shaped like the runbook's Secrets Manager value.</summary>
internal sealed record DatabaseSecret(string Username, string? Password, string? Engine, string Host, int Port, string Dbname)
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    /// <summary>Short timeouts: a dead database must turn into a quick 503, not a hung request.</summary>
    public string ConnectionString(string applicationName) => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Database = Dbname,
        Username = Username,
        Password = Password,
        Timeout = 2,
        CommandTimeout = 5,
        CancellationTimeout = 1000,
        ApplicationName = applicationName,
        MaxPoolSize = 20,
    }.ConnectionString;
}
