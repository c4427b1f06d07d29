using System.Diagnostics;
using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Providers.Inputs;

namespace Lifeline.Providers.Probes;

/// <summary>
/// The monitor's generic probes: tcp, tls and command, and certificate.status of a certificate file or a live handshake.
/// Settings and inputs are merged (inputs win), so a probe can take its host and port from the resource's binding.
/// </summary>
internal sealed partial class HealthProbeProvider(TimeProvider time) : IProvider
{
    public const string Name = Operations.HealthProbeProvider;

    public ProviderDescriptor Descriptor { get; } = new(Name, "Generic health probes for lifeline monitor: tcp, tls and command; certificate.status of a PEM file or a host's handshake, against an optional private CA.", [], [Operations.Tcp.Connect, Operations.Tls.Certificate, Operations.Command.Run, Operations.Certificate.Status], []);

    public ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(OperationOutcome.Failure($"{Name} offers probes only, not '{request.Operation}'"));

    public async ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string>(request.Settings, StringComparer.Ordinal);
        foreach (var (key, value) in request.Inputs)
        {
            values[key] = value;
        }

        var inputs = new InputReader(Name, "input", values);
        return request.Probe switch
        {
            var p when p == Operations.Tcp.Connect.Name => await TcpAsync(inputs, cancellationToken),
            var p when p == Operations.Tls.Certificate.Name => await TlsAsync(inputs, cancellationToken),
            var p when p == Operations.Command.Run.Name => await CommandAsync(inputs, cancellationToken),
            var p when p == Operations.Certificate.Status.Name => await CertificateStatusAsync(inputs, cancellationToken),
            _ => ProbeOutcome.Invalid($"{Name} does not offer probe '{request.Probe}'"),
        };
    }

    private async Task<ProbeOutcome> TcpAsync(InputReader inputs, CancellationToken cancellationToken)
    {
        var host = inputs.Required("host");
        var port = inputs.Port("port");
        var timeout = inputs.Duration("timeout", TimeSpan.FromSeconds(2));
        if (inputs.Error is { } error)
        {
            return ProbeOutcome.Invalid(error);
        }

        var started = time.GetTimestamp();
        using var client = new TcpClient();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await client.ConnectAsync(host, port, limit.Token);
            return Fields(true, ("latency_ms", Milliseconds(started)), ("error", ""));
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return Fields(false, ("latency_ms", Milliseconds(started)), ("error", ex is OperationCanceledException ? $"no answer from {host}:{port} within {timeout.TotalSeconds:0.###}s" : $"{host}:{port}: {ex.Message}"));
        }
    }

    private async Task<ProbeOutcome> TlsAsync(InputReader inputs, CancellationToken cancellationToken)
    {
        var host = inputs.Required("host");
        var port = inputs.Integer("port", 443, 1, 65535);
        var minDays = inputs.Integer("min-days", 14, 0);
        var timeout = inputs.Duration("timeout", TimeSpan.FromSeconds(5));
        if (inputs.Error is { } error)
        {
            return ProbeOutcome.Invalid(error);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, limit.Token);
            X509Certificate2? certificate = null;
            // The probe reports on the certificate whatever its chain says; expiry is what it watches.
            await using var stream = new SslStream(client.GetStream(), false, (_, cert, _, _) =>
            {
                certificate = cert is null ? null : new X509Certificate2(cert);
                return true;
            });
            await stream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, limit.Token);
            if (certificate is null)
            {
                return Fields(false, ("days_left", ""), ("subject", ""), ("error", $"{host}:{port} presented no certificate"));
            }

            var daysLeft = (certificate.NotAfter.ToUniversalTime() - time.GetUtcNow().UtcDateTime).TotalDays;
            return Fields(
                daysLeft >= minDays,
                ("days_left", daysLeft.ToString("0.#", CultureInfo.InvariantCulture)),
                ("subject", certificate.Subject),
                ("error", daysLeft >= minDays ? "" : $"certificate of {host} expires in {daysLeft:0.#} days (minimum {minDays})"));
        }
        catch (Exception ex) when (ex is SocketException or IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return Fields(false, ("days_left", ""), ("subject", ""), ("error", $"{host}:{port}: {ex.Message}"));
        }
    }

    private static async Task<ProbeOutcome> CommandAsync(InputReader inputs, CancellationToken cancellationToken)
    {
        var argv = inputs.Required("argv").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var timeout = inputs.Duration("timeout", TimeSpan.FromSeconds(5));
        if (inputs.Error is { } error)
        {
            return ProbeOutcome.Invalid(error);
        }

        var info = new ProcessStartInfo(argv[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in argv.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return Fields(false, ("exit_code", ""), ("output", ""), ("error", $"{argv[0]}: {ex.Message}"));
        }

        using (process)
        {
            try
            {
                var output = process.StandardOutput.ReadToEndAsync(limit.Token);
                var errors = process.StandardError.ReadToEndAsync(limit.Token);
                await process.WaitForExitAsync(limit.Token);
                var text = ((await output) + (await errors)).Trim();
                var code = process.ExitCode;
                return Fields(code == 0, ("exit_code", code.ToString(CultureInfo.InvariantCulture)), ("output", text.Length > 500 ? text[..500] : text), ("error", code == 0 ? "" : $"{argv[0]} exited with {code}"));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return Fields(false, ("exit_code", ""), ("output", ""), ("error", $"{argv[0]} did not finish within {timeout.TotalSeconds:0.###}s"));
            }
        }
    }

    private string Milliseconds(long started) => time.GetElapsedTime(started).TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);

    private static ProbeOutcome Fields(bool healthy, params (string Key, string Value)[] fields)
    {
        var result = fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        result["healthy"] = healthy ? "true" : "false";
        return ProbeOutcome.Observed(result);
    }
}
