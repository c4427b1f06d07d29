using System.Globalization;
using System.Net.Sockets;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Lifeline.Providers.Communications.Channels;

/// <summary>
/// Email through an SMTP server (MailKit). Each entry of the <c>to</c> input is an email address, or a contact id looked
/// up in the <c>addresses</c> setting (<c>cto=cto@example.org, dba=dba@example.org</c>).
/// </summary>
internal sealed class SmtpProvider : IProvider
{
    private const int TimeoutMs = 10_000;

    public static readonly ProviderDescriptor Description = new(
        "smtp",
        "Email through an SMTP server; `to` holds addresses or contact ids mapped by the `addresses` setting.",
        Operations.Notify.Capability.Operations,
        [],
        [
            SettingDescriptor.Required("host", "SMTP server."),
            SettingDescriptor.Optional("port", "SMTP port (default by security)."),
            SettingDescriptor.Required("from", "Sender address."),
            SettingDescriptor.Optional("addresses", "Contact ids mapped to email addresses, as id=address,id=address."),
            SettingDescriptor.Optional("security", "auto (default), none, starttls or ssl."),
            SettingDescriptor.Optional("username", "Login user."),
            SettingDescriptor.Optional("password", "Login password (usually ${{ secrets.X }})."),
        ]);

    public ProviderDescriptor Descriptor => Description;

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        if (ChannelRequest.Problem("smtp", request, Operations.Notify.Send, "host", "from") is { } problem)
            return OperationOutcome.Failure(problem);
        var host = request.Settings["host"];
        var port = 25;
        if (request.Settings.GetValueOrDefault("port") is { Length: > 0 } portText
            && !(int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and < 65536))
            return OperationOutcome.Failure($"smtp: port '{portText}' is not a port number.");
        if (!Security(request.Settings.GetValueOrDefault("security"), out var security))
            return OperationOutcome.Failure($"smtp: security '{request.Settings["security"]}' is not one of auto, none, starttls, ssl.");
        if (!MailboxAddress.TryParse(request.Settings["from"], out var from))
            return OperationOutcome.Failure($"smtp: from '{request.Settings["from"]}' is not an email address.");
        var (recipients, error) = Recipients(request.Inputs["to"], request.Settings.GetValueOrDefault("addresses"));
        if (recipients is null)
            return OperationOutcome.Failure(error!);

        using var message = new MimeMessage();
        message.From.Add(from);
        message.To.AddRange(recipients);
        message.Subject = request.Inputs["subject"];
        message.Headers.Add("X-Lifeline-Run", request.Context.RunId);
        message.Headers.Add("X-Lifeline-Step", request.Context.StepId);
        message.Body = new TextPart("plain") { Text = request.Inputs["message"] };

        var server = $"{host}:{port}";
        using var client = new SmtpClient { Timeout = TimeoutMs };
        try
        {
            await client.ConnectAsync(host, port, security, cancellationToken);
            if (request.Settings.GetValueOrDefault("username") is { Length: > 0 } user)
                await client.AuthenticateAsync(user, request.Settings.GetValueOrDefault("password") ?? "", cancellationToken);
            await client.SendAsync(message, cancellationToken);
        }
        catch (SmtpCommandException ex)
        {
            // 4xx replies are the server asking to try later; 5xx mean the message or the account is wrong.
            var code = (int)ex.StatusCode;
            return OperationOutcome.Failure($"smtp: {server} refused the message ({code}): {JsonPost.OneLine(ex.Message, 200)}", transient: code is >= 400 and < 500);
        }
        catch (AuthenticationException ex)
        {
            return OperationOutcome.Failure($"smtp: {server} refused the credentials: {JsonPost.OneLine(ex.Message, 200)}");
        }
        catch (Exception ex) when (ex is SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException or SslHandshakeException or TimeoutException
                                   or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var why = ex is OperationCanceledException or TimeoutException ? $"no answer within {TimeoutMs / 1000}s" : JsonPost.OneLine(ex.Message, 200);
            return OperationOutcome.Failure($"smtp: could not reach {server}: {why}", transient: true);
        }

        // The server has accepted the message: a QUIT that fails or times out must not turn it into a failure, which
        // the outbox would retry and the recipients would get twice.
        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception ex) when (ex is SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException or TimeoutException or OperationCanceledException)
        {
            request.Context.Log.Write($"smtp: {server} accepted the message; closing the connection failed: {JsonPost.OneLine(ex.Message, 200)}");
        }

        request.Context.Log.Write($"mailed {string.Join(", ", recipients.Select(r => r.Address))}: {message.Subject}");
        return OperationOutcome.Success(new Dictionary<string, string>
        {
            ["delivered"] = "true",
            ["recipients"] = recipients.Count.ToString(CultureInfo.InvariantCulture),
        });
    }

    public ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProbeOutcome.Invalid($"smtp has no probes (asked for '{request.Probe}')."));

    /// <summary>Resolves the <c>to</c> input: addresses as they are, contact ids through the <c>addresses</c> map.</summary>
    internal static (List<MailboxAddress>? Recipients, string? Error) Recipients(string to, string? addresses)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in (addresses ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                return (null, $"smtp: addresses entry '{pair}' is not contact=address.");
            map[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
        }

        var recipients = new List<MailboxAddress>();
        foreach (var entry in to.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var address = entry.Contains('@', StringComparison.Ordinal) ? entry : map.GetValueOrDefault(entry);
            if (address is null)
                return (null, $"smtp: no address for contact '{entry}'; add it to the addresses setting ({entry}=someone@example.org).");
            if (!MailboxAddress.TryParse(address, out var mailbox))
                return (null, $"smtp: '{address}' is not an email address.");
            recipients.Add(mailbox);
        }

        return recipients.Count > 0 ? (recipients, null) : (null, "smtp: the to input names no recipient.");
    }

    private static bool Security(string? text, out SecureSocketOptions options)
    {
        options = (text ?? "auto").ToLowerInvariant() switch
        {
            "auto" or "" => SecureSocketOptions.StartTlsWhenAvailable,
            "none" => SecureSocketOptions.None,
            "starttls" => SecureSocketOptions.StartTls,
            "ssl" => SecureSocketOptions.SslOnConnect,
            _ => (SecureSocketOptions)(-1),
        };
        return Enum.IsDefined(options);
    }
}
