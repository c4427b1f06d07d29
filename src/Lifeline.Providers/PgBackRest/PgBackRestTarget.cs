using Lifeline.Providers.Inputs;

namespace Lifeline.Providers.PgBackRest;

/// <summary>One pgBackRest stanza as the binding's settings describe it, and where point-in-time restores may go.</summary>
internal sealed record PgBackRestTarget(string Stanza, string Config, string? DataRoot, string Host, string BinDirectory)
{
    public const string DefaultConfig = "/etc/pgbackrest/pgbackrest.conf";
    public const string DefaultBinDirectory = "/usr/lib/postgresql/15/bin";

    public static PgBackRestTarget? Read(IReadOnlyDictionary<string, string> settings, out string? error)
    {
        var reader = new InputReader(PgBackRestProvider.Name, "setting", settings);
        var target = new PgBackRestTarget(
            reader.Required("stanza"),
            reader.Text("config", DefaultConfig),
            reader.Optional("data-root"),
            reader.Text("host", "127.0.0.1"),
            reader.Text("bin-dir", DefaultBinDirectory));
        error = reader.Error;
        return error is null ? target : null;
    }

    /// <summary>The options every pgbackrest command starts with.</summary>
    public IReadOnlyList<string> Options => [$"--config={Config}", $"--stanza={Stanza}"];
}
