using System.Diagnostics;
using Lifeline.Core.Providers;
using Lifeline.Providers.Inputs;
using Lifeline.Providers.ProcessService;

namespace Lifeline.Providers.Postgres;

internal sealed partial class PostgresProvider
{
    private const string TerminateClientsSql = """
        select count(pg_terminate_backend(pid)) from pg_stat_activity
        where backend_type = 'client backend' and pid <> pg_backend_pid()
        """;

    private async Task<OperationOutcome> FenceAsync(PostgresTarget target, OperationRequest request, CancellationToken cancellationToken)
    {
        var inputs = new InputReader("postgres", "input", request.Inputs);
        var acceptUnreachable = inputs.Boolean("accept-unreachable", false);
        var method = inputs.Text("method", "read-only");
        if (method is not ("read-only" or "stop"))
        {
            inputs.Fail($"postgres: input 'method' must be read-only or stop, not '{method}'");
        }

        if (method == "stop" && target.DataDirectory is null)
        {
            inputs.Fail("postgres: fence method stop needs the 'data-dir' setting (the server's data directory on this machine)");
        }

        if (inputs.Error is { } error)
        {
            return OperationOutcome.Failure(error);
        }

        var log = request.Context.Log;
        try
        {
            await using var connection = await OpenAsync(target, cancellationToken);
            if (method == "stop")
            {
                await connection.CloseAsync();
                return await StopAsync(target, log, reachable: true, cancellationToken);
            }

            await ExecuteAsync(connection, "alter system set default_transaction_read_only = on", cancellationToken);
            await ScalarAsync<bool>(connection, "select pg_reload_conf()", cancellationToken);
            await WaitReadOnlyAsync(target, cancellationToken);
            var terminated = await ScalarAsync<long>(connection, TerminateClientsSql, cancellationToken);
            log.Write($"PostgreSQL at {target.Endpoint} is read-only; terminated {terminated} client sessions");
            return Fenced(true, "read-only", true);
        }
        catch (Exception exception) when (PostgresFailure.IsUnreachable(exception) && !cancellationToken.IsCancellationRequested)
        {
            var (message, _) = PostgresFailure.Describe(target, exception);
            if (method == "stop")
            {
                log.Write($"{message}; stopping it through its data directory");
                return await StopAsync(target, log, reachable: false, cancellationToken);
            }

            if (acceptUnreachable)
            {
                log.Write($"{message}; accepted as fenced (accept-unreachable=true)");
                return Fenced(false, method, false);
            }

            return OperationOutcome.Failure($"{message}; not fenced (set accept-unreachable=true to accept the risk)", transient: true);
        }
    }

    private async Task WaitReadOnlyAsync(PostgresTarget target, CancellationToken cancellationToken)
    {
        // pg_reload_conf only signals the postmaster; new sessions see the setting once it has re-read the file.
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(10);
        while (time.GetUtcNow() < deadline)
        {
            await using var probe = await OpenAsync(target, cancellationToken);
            if (await ScalarAsync<string>(probe, "select current_setting('default_transaction_read_only')", cancellationToken) == "on")
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        }
    }

    private static async Task<OperationOutcome> StopAsync(PostgresTarget target, IStepLog log, bool reachable, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        var pgCtl = Path.Combine(target.BinDirectory, "pg_ctl");
        if (DetachedProcess.IsRoot)
        {
            // pg_ctl refuses to run as root: run it as the data directory's owner.
            var owner = await DataDirectoryOwnerAsync(target.DataDirectory!, cancellationToken);
            if (owner is null)
            {
                return OperationOutcome.Failure($"postgres: data directory {target.DataDirectory} does not exist");
            }

            info.FileName = "setpriv";
            foreach (var argument in (string[])[$"--reuid={owner.Value.Uid}", $"--regid={owner.Value.Gid}", "--init-groups", "--", pgCtl])
            {
                info.ArgumentList.Add(argument);
            }
        }
        else
        {
            info.FileName = pgCtl;
        }

        foreach (var argument in (string[])["stop", "-D", target.DataDirectory!, "-m", "fast", "-w", "-t", "30"])
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var text = $"{await stdout} {await stderr}".Trim();
        if (process.ExitCode == 0 || text.Contains("Is server running?", StringComparison.Ordinal))
        {
            log.Write($"PostgreSQL at {target.Endpoint} stopped ({text})");
            return Fenced(true, "stop", reachable);
        }

        return OperationOutcome.Failure($"PostgreSQL at {target.Endpoint}: pg_ctl stop failed: {text}", transient: true);
    }

    private static async Task<(int Uid, int Gid)?> DataDirectoryOwnerAsync(string directory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            return null;
        }

        var info = new ProcessStartInfo("stat", ["-c", "%u %g", directory]) { UseShellExecute = false, RedirectStandardOutput = true };
        using var process = Process.Start(info)!;
        var parts = (await process.StandardOutput.ReadToEndAsync(cancellationToken)).Split(' ', StringSplitOptions.TrimEntries);
        await process.WaitForExitAsync(cancellationToken);
        return parts.Length == 2 && int.TryParse(parts[0], out var uid) && int.TryParse(parts[1], out var gid) ? (uid, gid) : null;
    }

    private static OperationOutcome Fenced(bool fenced, string method, bool reachable) => OperationOutcome.Success(new Dictionary<string, string>
    {
        ["fenced"] = fenced ? "true" : "false",
        ["method"] = method,
        ["reachable"] = reachable ? "true" : "false",
    });
}
