using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Lifeline.Core.Providers;

namespace Lifeline.Providers.Aws.Cli;

/// <summary>
/// Runs the AWS CLI v2: argv only (no shell), <c>--output json</c>, connection options per binding, secrets through 0600
/// files that are deleted afterwards. The CLI's own retries are off (<c>AWS_MAX_ATTEMPTS=1</c>) so throttling and 5xx are
/// retried here, visibly in the step log; permanent errors (AccessDenied, validation) return at once.
/// </summary>
internal sealed partial class AwsCli(AwsCliOptions options, TimeProvider time)
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    // Which step logs have been told the CLI version already: once per step attempt, not once per call.
    private readonly ConditionalWeakTable<IStepLog, object> _announced = [];
    private readonly Lock _versionLock = new();
    private Task<AwsCliVersion>? _version;

    public AwsCliOptions Options => options;

    public Task<AwsCliVersion> VersionAsync(CancellationToken cancellationToken)
    {
        lock (_versionLock)
        {
            // A cancelled or crashed check is not cached; a wrong version is (it will not change under a running process).
            if (_version is null || _version.IsCanceled || _version.IsFaulted)
            {
                _version = CheckVersionAsync(cancellationToken);
            }

            return _version;
        }
    }

    /// <summary>Starts the version check when a run that uses the CLI starts (<see cref="IPreparesAhead"/>).</summary>
    public Task PrepareAsync(CancellationToken cancellationToken) => VersionAsync(cancellationToken);

    public async Task<AwsResult> RunAsync(AwsCommand command, AwsConnection connection, IStepLog log, CancellationToken cancellationToken)
    {
        if (connection.KeyError is { } keyError)
        {
            return AwsResult.Failure(new AwsError("InvalidBinding", keyError, false));
        }

        // The check may have been started by the run's preparation, under the run's token: this step waits on its own.
        var version = await VersionAsync(cancellationToken).WaitAsync(cancellationToken);
        if (!version.Usable)
        {
            return AwsResult.Failure(new AwsError("AwsCliUnavailable", version.Error!, false));
        }

        if (_announced.TryAdd(log, version))
        {
            log.Write($"using {version}");
        }

        var preview = command.Preview(connection);
        var delay = options.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            log.Write("$ " + preview);
            var started = time.GetTimestamp();
            var result = await RunOnceAsync(command, connection, cancellationToken);
            var elapsed = time.GetElapsedTime(started);
            if (result.Succeeded)
            {
                log.Write($"aws {command.Name}: ok in {elapsed.TotalSeconds:0.0}s");
                return result;
            }

            // Only throttling and 5xx earn another try here. A waiter that timed out has waited its full course, and a
            // connection failure is an answer a probe needs at once (a region that is down); the step's retry policy decides.
            var retry = result.IsTransient && result.ErrorCode is not (AwsError.WaiterTimedOut or AwsError.ConnectionFailure) && attempt < options.Attempts;
            log.Write($"{result.Error} ({(result.IsTransient ? "transient" : "permanent")}; attempt {attempt} of {options.Attempts}{(retry ? $", retrying in {delay.TotalSeconds:0.#}s" : "")})");
            if (!retry)
            {
                return result;
            }

            await Task.Delay(delay, time, cancellationToken);
            delay += delay;
        }
    }

    private async Task<AwsResult> RunOnceAsync(AwsCommand command, AwsConnection connection, CancellationToken cancellationToken)
    {
        var files = new List<string>();
        try
        {
            var argv = command.Argv(connection, argument => "file://" + WriteArgumentFile(argument, files));
            var (exitCode, stdout, stderr) = await ExecuteAsync(argv, connection.CredentialVariables(), cancellationToken);
            if (exitCode != 0)
            {
                return AwsResult.Failure(AwsError.Classify(command.Name, exitCode, stderr));
            }

            if (string.IsNullOrWhiteSpace(stdout))
            {
                return AwsResult.Success(EmptyObject);
            }

            if (command.TextOutput)
            {
                return AwsResult.Success(JsonSerializer.SerializeToElement(new { Lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) }));
            }

            try
            {
                using var document = JsonDocument.Parse(stdout);
                return AwsResult.Success(document.RootElement.Clone());
            }
            catch (JsonException ex)
            {
                // Never echo stdout: it may hold a secret value.
                return AwsResult.Failure(new AwsError("UnreadableOutput", $"aws {command.Name}: output is not JSON ({ex.Message})", false));
            }
        }
        finally
        {
            foreach (var file in files)
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>A 0600 file only this user can read, created exclusively: a secret's only way to the CLI.</summary>
    private static string WriteArgumentFile(AwsArgument argument, List<string> files)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lifeline-aws-{Guid.NewGuid():N}");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        {
            files.Add(path);
            using var writer = new StreamWriter(stream);
            writer.Write(argument.Value);
        }

        return path;
    }

    private async Task<AwsCliVersion> CheckVersionAsync(CancellationToken cancellationToken)
    {
        var binary = options.ResolveBinary();
        try
        {
            var (exitCode, stdout, stderr) = await ExecuteAsync(["--version"], [], cancellationToken);
            return exitCode == 0
                ? AwsCliVersion.Parse(binary, stdout + "\n" + stderr)
                : new AwsCliVersion(binary, null, $"{binary} --version failed (exit code {exitCode}): {stderr.Trim()}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return new AwsCliVersion(binary, null, $"cannot run the AWS CLI '{binary}': {ex.Message}; install the Debian package awscli or set {AwsCliOptions.BinaryVariable}");
        }
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> ExecuteAsync(
        IReadOnlyList<string> argv, IEnumerable<KeyValuePair<string, string?>> credentials, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(options.ResolveBinary())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var word in argv)
        {
            start.ArgumentList.Add(word);
        }

        start.Environment["AWS_PAGER"] = "";
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        start.Environment["AWS_RETRY_MODE"] = "standard";
        foreach (var (name, value) in options.Environment.Concat(credentials))
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        // Nothing to say on stdin: closing it means a prompt (for MFA, say) fails instead of hanging.
        process.StandardInput.Close();
        // The readers end when the process does, killed or not, so they are always awaited.
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            await Task.WhenAll(stdout, stderr);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
