using System.Diagnostics;
using System.Text.Json;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Providers.Shell;

/// <summary>
/// Runs a program from an argument vector — no shell parses it, so nothing in a value can inject a command.
/// Output lines go to the step log; a non-zero exit fails the step.
/// </summary>
internal sealed class ShellProvider : IProvider
{
    private const int MaxCapturedOutput = 64 * 1024;

    public ProviderDescriptor Descriptor { get; } = new(Operations.Shell.Provider, "Runs programs (argv, never a shell string).", [Operations.Shell.Run], [], []);

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        var argv = JsonSerializer.Deserialize(request.Inputs.GetValueOrDefault("argv", "[]"), ProviderJson.Default.ListString) ?? [];
        if (argv.Count == 0)
        {
            return OperationOutcome.Failure("shell step has an empty argv; expected at least the program to run");
        }

        var start = new ProcessStartInfo(argv[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = request.Inputs.GetValueOrDefault("workdir") ?? Environment.CurrentDirectory,
        };
        foreach (var arg in argv.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        if (request.Inputs.GetValueOrDefault("env") is { } envJson)
        {
            foreach (var (key, value) in JsonSerializer.Deserialize(envJson, ProviderJson.Default.DictionaryStringString) ?? [])
            {
                start.Environment[key] = value;
            }
        }

        start.Environment["LIFELINE_RUN_ID"] = request.Context.RunId;
        start.Environment["LIFELINE_STEP_ID"] = request.Context.StepId;
        start.Environment["LIFELINE_ATTEMPT"] = request.Context.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["LIFELINE_EPOCH"] = request.Context.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture);

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return OperationOutcome.Failure($"cannot start '{argv[0]}': {ex.Message}");
        }

        var stdout = new System.Text.StringBuilder();
        var readOut = PumpAsync(process.StandardOutput, line =>
        {
            request.Context.Log.Write(line);
            if (stdout.Length < MaxCapturedOutput)
            {
                stdout.AppendLine(line);
            }
        });
        var readErr = PumpAsync(process.StandardError, line => request.Context.Log.Write("stderr: " + line));
        try
        {
            await process.WaitForExitAsync(cancellationToken);
            await Task.WhenAll(readOut, readErr);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var outputs = new Dictionary<string, string>
        {
            ["exit_code"] = process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["stdout"] = stdout.ToString().TrimEnd(),
        };
        return process.ExitCode == 0
            ? OperationOutcome.Success(outputs)
            : new OperationOutcome(false, outputs, $"'{argv[0]}' exited with code {process.ExitCode}", false);
    }

    public ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProbeOutcome.Invalid("the shell provider has no probes"));

    private static async Task PumpAsync(StreamReader reader, Action<string> onLine)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            onLine(line);
        }
    }
}
