using System.CommandLine;
using Lifeline.Core.Estates;
using Lifeline.Engine.Scheduling;

namespace Lifeline.Cli.Commands;

/// <summary>
/// <c>--notify-smtp HOST:PORT</c> and <c>--notify-webhook URL</c>: send a run's messages also to these, e.g. a drill's
/// observers. Contacts without an email address are addressed as <c>ID@ESTATE.invalid</c> so every message is delivered.
/// </summary>
internal sealed class ExtraChannelOptions
{
    public Option<string?> Smtp { get; } = new("--notify-smtp") { Description = "Also send every message to this SMTP server (HOST:PORT)." };

    public Option<string?> Webhook { get; } = new("--notify-webhook") { Description = "Also post every message as JSON to this URL." };

    public void AddTo(Command command)
    {
        command.Options.Add(Smtp);
        command.Options.Add(Webhook);
    }

    public (IReadOnlyList<ChannelOverride>? Channels, string? Error) Read(ParseResult parse, Estate estate)
    {
        var channels = new List<ChannelOverride>();
        if (parse.GetValue(Smtp) is { } smtp)
        {
            if (!HostPort.TryParse(smtp, out var host, out var port))
            {
                return (null, $"--notify-smtp '{smtp}' is not HOST:PORT");
            }

            var addresses = string.Join(", ", estate.Contacts.Select(c => $"{c.Id}={c.Email ?? $"{c.Id}@{estate.Name}.invalid"}"));
            channels.Add(new ChannelOverride("smtp", new Dictionary<string, string>
            {
                ["host"] = host,
                ["port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["from"] = $"lifeline@{estate.Name}.invalid",
                ["security"] = "none",
                ["addresses"] = addresses,
            }));
        }

        if (parse.GetValue(Webhook) is { } webhook)
        {
            if (!Uri.TryCreate(webhook, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                return (null, $"--notify-webhook '{webhook}' is not an http(s) URL");
            }

            channels.Add(new ChannelOverride("webhook", new Dictionary<string, string> { ["url"] = webhook }));
        }

        return (channels, null);
    }
}
