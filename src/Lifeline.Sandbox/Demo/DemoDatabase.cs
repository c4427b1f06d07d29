using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace Lifeline.Sandbox.Demo;

/// <summary>
/// The database the service is writing to, read from its database secret (the runbook's Secrets Manager value, which a
/// recovery repoints): before a fault it is where the baseline is captured, after a recovery where lost writes are counted.
/// </summary>
internal sealed record DemoDatabase(string Host, int Port, string Database, string User, string Password)
{
    /// <summary>The database the secret names now; null when the secret cannot be read.</summary>
    public static DemoDatabase? Read(string? secretFile)
    {
        if (secretFile is null || !File.Exists(secretFile))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(secretFile));
            var root = document.RootElement;
            var port = root.GetProperty("port");
            return new DemoDatabase(
                root.GetProperty("host").GetString() ?? "127.0.0.1",
                port.ValueKind == JsonValueKind.Number ? port.GetInt32() : int.Parse(port.GetString() ?? "", CultureInfo.InvariantCulture),
                root.GetProperty("dbname").GetString() ?? "",
                root.GetProperty("username").GetString() ?? "",
                root.TryGetProperty("password", out var password) ? password.GetString() ?? "" : "");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException or IOException)
        {
            return null;
        }
    }

    /// <summary>The postgres provider's settings for this database.</summary>
    public Dictionary<string, string> Settings => new()
    {
        ["host"] = Host,
        ["port"] = Port.ToString(CultureInfo.InvariantCulture),
        ["database"] = Database,
        ["user"] = User,
        ["password"] = Password,
    };

    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Database = Database,
        Username = User,
        Password = Password,
        Timeout = 5,
        Pooling = false,
    }.ConnectionString;
}
