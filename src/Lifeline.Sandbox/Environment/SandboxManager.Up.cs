using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Lifeline.Providers.Files;
using Lifeline.Providers.ProcessService;

namespace Lifeline.Sandbox.Environment;

internal sealed partial class SandboxManager
{
    private const string Database = "axis_imaging";
    private const string DatabaseUser = "lifeline";
    private const int AddressPoolSize = 4;

    public async Task<SandboxResult<SandboxState>> UpAsync(SandboxOptions options, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var layout = new SandboxLayout(Path.GetFullPath(options.Directory));
        if (File.Exists(layout.StateFile))
        {
            return await ResumeAsync(layout, progress, cancellationToken);
        }

        if (Directory.Exists(layout.Root) && Directory.EnumerateFileSystemEntries(layout.Root).Any())
        {
            return SandboxResult<SandboxState>.Fail($"directory {layout.Root} is not a sandbox (no sandbox.json) and not empty");
        }

        if (options.PortalInstances is < 0 or > AddressPoolSize)
        {
            return SandboxResult<SandboxState>.Fail($"portal instances must be 0 to {AddressPoolSize}, not {options.PortalInstances}");
        }

        var portalDll = Path.GetFullPath(PortalLocator.Dll(options.PortalDll));
        if (!File.Exists(portalDll))
        {
            return SandboxResult<SandboxState>.Fail($"portal not found at {portalDll}; build src/Lifeline.Sandbox.Portal or set LIFELINE_PORTAL_DLL");
        }

        if (await SandboxPrerequisites.EnsurePackagesAsync(progress, cancellationToken) is { } packageError)
        {
            return SandboxResult<SandboxState>.Fail(packageError);
        }

        var (runAs, userError) = await SandboxPrerequisites.EnsureUserAsync(progress, cancellationToken);
        if (userError is not null)
        {
            return SandboxResult<SandboxState>.Fail(userError);
        }

        var ports = PickPorts(options, out var portError);
        if (ports is null)
        {
            return SandboxResult<SandboxState>.Fail(portError!);
        }

        var createdRoot = !Directory.Exists(layout.Root);
        var started = new List<SandboxComponent>();
        try
        {
            var result = await BuildAsync(layout, options, ports, runAs, portalDll, started, progress, cancellationToken);
            if (!result.Succeeded)
            {
                progress.Report($"up failed: {result.Error}; stopping what was started");
                await RollbackAsync(layout, started, createdRoot);
            }

            return result;
        }
        catch
        {
            await RollbackAsync(layout, started, createdRoot);
            throw;
        }
    }

    private async Task<SandboxResult<SandboxState>> BuildAsync(
        SandboxLayout layout, SandboxOptions options, SandboxPorts ports, RunAsUser? runAs, string portalDll,
        List<SandboxComponent> started, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        void Report(string line) => progress.Report($"[{clock.Elapsed.TotalSeconds,5:0.0}s] {line}");

        Directory.CreateDirectory(layout.Root);
        foreach (var directory in (string[])[layout.Logs, layout.Run, layout.Home, layout.Secrets, Path.GetDirectoryName(layout.PrimaryData)!, Path.Combine(layout.Root, "services")])
        {
            Directory.CreateDirectory(directory);
            DetachedProcess.GiveTo(directory, runAs);
        }

        var superuserPassword = NewSecret();
        var password = NewSecret();
        var replicationPassword = NewSecret();
        var apiKey = NewSecret();
        await WriteSecretAsync(layout.Secret("pg-superuser-password"), superuserPassword, runAs, cancellationToken);
        await WriteSecretAsync(layout.Secret("pg-lifeline-password"), password, runAs, cancellationToken);
        await WriteSecretAsync(layout.Secret("pg-replicator-password"), replicationPassword, runAs, cancellationToken);
        await WriteSecretAsync(layout.Secret("pdns-api-key"), apiKey, runAs, cancellationToken);
        var endpoint = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["username"] = DatabaseUser,
            ["password"] = password,
            ["engine"] = "postgres",
            ["host"] = "127.0.0.1",
            ["port"] = ports.Primary,
            ["dbname"] = Database,
        });
        await WriteSecretAsync(layout.DbEndpointSecret, endpoint, runAs, cancellationToken);

        var primaryAddresses = SiteAddresses(1);
        var drAddresses = SiteAddresses(2);
        await ProcessServiceController.WriteDefinitionAsync(layout.Root, PortalDefinition(layout, PortalPrimary, "primary", primaryAddresses, ports.Portal, portalDll, runAs), cancellationToken);
        await ProcessServiceController.WriteDefinitionAsync(layout.Root, PortalDefinition(layout, PortalDr, "dr", drAddresses, ports.Portal, portalDll, runAs), cancellationToken);
        foreach (var service in (string[])[PortalPrimary, PortalDr])
        {
            DetachedProcess.GiveTo(ProcessServiceController.ServiceDirectory(layout.Root, service), runAs);
        }

        Report($"ports: primary {ports.Primary}, standby {ports.Standby}, dns {ports.Dns}, dns api {ports.DnsApi}, portal {ports.Portal}");

        var postgres = new SandboxPostgres(layout, runAs, time);
        var powerDns = new SandboxPowerDns(layout, runAs, time);
        var outer = cancellationToken;
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(outer);
        cancellationToken = abandon.Token;

        async Task<SandboxComponent?> SpawnAsync(string name, string site, string kind, int port, string marker, DetachedProcessSpec spec, List<string> errors)
        {
            var spawn = await DetachedProcess.SpawnAsync(spec, time, cancellationToken);
            if (!spawn.Succeeded)
            {
                errors.Add(spawn.Error!);
                return null;
            }

            var component = new SandboxComponent(name, site, kind, "127.0.0.1", port, spawn.Pid, marker, spec);
            lock (started)
            {
                started.Add(component);
            }

            Report($"started {name} (pid {spawn.Pid}) on {component.Endpoint}");
            return component;
        }

        // The portal seeds its login user and schema when it starts against a writable database, so it waits for one.
        var primaryReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task<string?> DatabasesAsync()
        {
            var errors = new List<string>();
            if (await postgres.InitPrimaryAsync(layout.Secret("pg-superuser-password"), cancellationToken) is { } initError)
            {
                return initError;
            }

            Report("initdb primary done");
            var primary = await SpawnAsync(PrimaryDb, "primary", "postgres", ports.Primary, layout.PrimaryData, postgres.LaunchSpec(PrimaryDb, layout.PrimaryData, ports.Primary), errors);
            if (primary is null)
            {
                return errors[0];
            }

            if (await postgres.WaitReadyAsync(primary, SandboxPostgres.SuperuserConnection(ports.Primary, superuserPassword), cancellationToken) is { } readyError)
            {
                return readyError;
            }

            await SandboxPostgres.BootstrapAsync(ports.Primary, superuserPassword, Database, DatabaseUser, password, replicationPassword, cancellationToken);
            Report("primary ready: roles, database axis_imaging, tables");
            primaryReady.TrySetResult();
            if (await postgres.BaseBackupAsync(ports.Primary, ports.Standby, replicationPassword, cancellationToken) is { } backupError)
            {
                return backupError;
            }

            Report("pg_basebackup done");
            var standby = await SpawnAsync(StandbyDb, "dr", "postgres", ports.Standby, layout.StandbyData, postgres.LaunchSpec(StandbyDb, layout.StandbyData, ports.Standby), errors);
            if (standby is null)
            {
                return errors[0];
            }

            if ((await postgres.WaitReadyAsync(standby, SandboxPostgres.SuperuserConnection(ports.Standby, superuserPassword), cancellationToken)
                ?? await postgres.WaitStreamingAsync(ports.Primary, superuserPassword, cancellationToken)) is { } standbyError)
            {
                return standbyError;
            }

            if (options.Sync)
            {
                await SandboxPostgres.EnableSyncAsync(ports.Primary, superuserPassword, cancellationToken);
            }

            Report($"standby streaming ({(options.Sync ? "synchronous" : "asynchronous")})");
            return null;
        }

        async Task<string?> DnsAsync()
        {
            var errors = new List<string>();
            await powerDns.CreateAsync(ports.Dns, ports.DnsApi, apiKey, primaryAddresses.Take(Math.Max(1, options.PortalInstances)).ToList(), cancellationToken);
            var pdns = await SpawnAsync(Dns, "global", "powerdns", ports.Dns, $"--config-dir={layout.PowerDns}", powerDns.LaunchSpec(), errors);
            if (pdns is null)
            {
                return errors[0];
            }

            var error = await powerDns.WaitReadyAsync(pdns, ports.DnsApi, apiKey, cancellationToken);
            Report(error ?? "PowerDNS ready");
            return error;
        }

        async Task<string?> PortalAsync()
        {
            await primaryReady.Task.WaitAsync(cancellationToken);
            var outcome = await Services.ScaleAsync(layout.Root, PortalPrimary, options.PortalInstances, new Dictionary<string, string>(), TimeSpan.FromSeconds(60), cancellationToken);
            Report(outcome.Error ?? $"{PortalPrimary}: {options.PortalInstances} instances healthy");
            return outcome.Error;
        }

        // The first part to fail stops the others, so a failed up is undone quickly.
        async Task<string?> PartAsync(Func<Task<string?>> part)
        {
            try
            {
                var error = await part();
                if (error is not null)
                {
                    await abandon.CancelAsync();
                }

                return error;
            }
            catch (OperationCanceledException) when (abandon.IsCancellationRequested && !outer.IsCancellationRequested)
            {
                return null;
            }
        }

        var errors = await Task.WhenAll(PartAsync(DatabasesAsync), PartAsync(DnsAsync), PartAsync(PortalAsync));
        if (errors.FirstOrDefault(e => e is not null) is { } error)
        {
            return SandboxResult<SandboxState>.Fail(error);
        }

        var state = new SandboxState(
            layout.Root,
            time.GetUtcNow(),
            runAs,
            options.Sync,
            Database,
            DatabaseUser,
            layout.Secret("pg-lifeline-password"),
            layout.Secret("pg-superuser-password"),
            "replicator",
            layout.Secret("pg-replicator-password"),
            layout.Secret("pdns-api-key"),
            ports.DnsApi,
            SandboxPowerDns.Zone,
            ports.Portal,
            primaryAddresses,
            drAddresses,
            [PortalPrimary, PortalDr],
            [.. started.OrderBy(c => c.Name, StringComparer.Ordinal)]);
        await WriteStateAsync(state, cancellationToken);
        Report($"sandbox up in {layout.Root}");
        return SandboxResult<SandboxState>.Ok(state);
    }

    /// <summary>A second <c>up</c>: report a healthy sandbox, or start again whatever of it died.</summary>
    private async Task<SandboxResult<SandboxState>> ResumeAsync(SandboxLayout layout, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var state = await ReadStateAsync(layout.Root, cancellationToken);
        if (state is null)
        {
            return SandboxResult<SandboxState>.Fail($"{layout.StateFile} is empty or unreadable");
        }

        var superuserPassword = SandboxEnvironment.ReadSecret(state.SuperuserPasswordFile);
        var postgres = new SandboxPostgres(layout, state.RunAs, time);
        var powerDns = new SandboxPowerDns(layout, state.RunAs, time);
        var components = new List<SandboxComponent>();
        foreach (var component in state.Components)
        {
            if (DetachedProcess.IsOurs(component.Pid, component.Marker))
            {
                components.Add(component);
                continue;
            }

            if (component.Name == PrimaryDb && await StandbyPromotedAsync(state, superuserPassword, cancellationToken))
            {
                // Never make a disaster worse: the old primary coming back writable beside a promoted standby is split brain.
                progress.Report($"{PrimaryDb} stays down: the standby has been promoted, so restarting the old primary would make a second writable primary");
                components.Add(component);
                continue;
            }

            progress.Report($"{component.Name} (pid {component.Pid}) is not running; starting it again");
            if (component.Kind == "postgres")
            {
                await ClearStalePostmasterAsync(component, cancellationToken);
            }

            var spawn = await DetachedProcess.SpawnAsync(component.Launch, time, cancellationToken);
            if (!spawn.Succeeded)
            {
                return SandboxResult<SandboxState>.Fail(spawn.Error!);
            }

            var restarted = component with { Pid = spawn.Pid };
            components.Add(restarted);
            var error = restarted.Kind == "postgres"
                ? await postgres.WaitReadyAsync(restarted, SandboxPostgres.SuperuserConnection(restarted.Port, superuserPassword), cancellationToken)
                : await powerDns.WaitReadyAsync(restarted, state.DnsApiPort, SandboxEnvironment.ReadSecret(state.DnsApiKeyFile), cancellationToken);
            if (error is not null)
            {
                await WriteStateAsync(state with { Components = components.Concat(state.Components.Skip(components.Count)).ToList() }, cancellationToken);
                return SandboxResult<SandboxState>.Fail(error);
            }
        }

        state = state with { Components = components };
        await WriteStateAsync(state, cancellationToken);
        foreach (var service in state.Services)
        {
            var desired = (await ProcessServiceController.ReadStateAsync(layout.Root, service, cancellationToken)).Desired;
            var outcome = await Services.ScaleAsync(layout.Root, service, desired, new Dictionary<string, string>(), TimeSpan.FromSeconds(60), cancellationToken);
            if (outcome.Error is { } error)
            {
                return SandboxResult<SandboxState>.Fail(error);
            }
        }

        progress.Report($"sandbox in {layout.Root} is up");
        return SandboxResult<SandboxState>.Ok(state);
    }

    /// <summary>
    /// A SIGKILLed postmaster stays a zombie until something reaps it, and PostgreSQL refuses to start while
    /// postmaster.pid names a PID that kill(0) still finds. Once the old postmaster is dead (zombie or gone), its pid file is stale.
    /// </summary>
    private async Task ClearStalePostmasterAsync(SandboxComponent component, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(3);
        while (Directory.Exists($"/proc/{component.Pid}") && time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        }

        var pidFile = Path.Combine(component.Marker, "postmaster.pid");
        if (File.Exists(pidFile)
            && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var recorded)
            && recorded == component.Pid
            && !DetachedProcess.IsAlive(recorded))
        {
            File.Delete(pidFile);
        }
    }

    private async Task RollbackAsync(SandboxLayout layout, List<SandboxComponent> started, bool createdRoot)
    {
        List<SandboxComponent> components;
        lock (started)
        {
            components = [.. started];
        }

        var services = ProcessServiceController.ServiceNames(layout.Root);
        await Task.WhenAll(services.Select(s => Services.StopAllAsync(layout.Root, s, CancellationToken.None)));
        await Task.WhenAll(components.Select(c => DetachedProcess.StopAsync(c.Pid, c.Marker, StopSignal(c), TimeSpan.FromSeconds(5), time, CancellationToken.None)));
        if (createdRoot)
        {
            Directory.Delete(layout.Root, recursive: true);
        }
        else if (Directory.Exists(layout.Root))
        {
            foreach (var entry in new DirectoryInfo(layout.Root).EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo directory)
                {
                    directory.Delete(recursive: true);
                }
                else
                {
                    entry.Delete();
                }
            }
        }
    }

    private static SandboxPorts? PickPorts(SandboxOptions options, out string? error)
    {
        error = null;
        var loopback = new[] { IPAddress.Loopback };
        var portalAddresses = SiteAddresses(1).Concat(SiteAddresses(2)).Select(IPAddress.Parse).ToArray();
        var taken = new HashSet<int>();
        foreach (var (port, addresses, udp) in ((int?, IPAddress[], bool)[])
            [(options.PrimaryPort, loopback, false), (options.StandbyPort, loopback, false), (options.DnsPort, loopback, true), (options.DnsApiPort, loopback, false), (options.PortalPort, portalAddresses, false)])
        {
            if (port is not { } given)
            {
                continue;
            }

            if (given is < 1 or > 65535 || !taken.Add(given))
            {
                error = $"port {given} is not a usable port (1-65535, each used once)";
                return null;
            }

            if (addresses.FirstOrDefault(a => !FreePorts.IsFree(a, given, udp)) is { } busy)
            {
                error = $"port {given} on {busy} is taken";
                return null;
            }
        }

        return new SandboxPorts(
            options.PrimaryPort ?? FreePorts.Pick(loopback, taken),
            options.StandbyPort ?? FreePorts.Pick(loopback, taken),
            options.DnsPort ?? FreePorts.Pick(loopback, taken, udpToo: true),
            options.DnsApiPort ?? FreePorts.Pick(loopback, taken),
            options.PortalPort ?? FreePorts.Pick(portalAddresses, taken));
    }

    /// <summary>Site <paramref name="site"/>'s instance addresses: 127.0.&lt;site&gt;.10, .11, …</summary>
    private static IReadOnlyList<string> SiteAddresses(int site) =>
        [.. Enumerable.Range(10, AddressPoolSize).Select(i => $"127.0.{site.ToString(CultureInfo.InvariantCulture)}.{i.ToString(CultureInfo.InvariantCulture)}")];

    private static ServiceDefinition PortalDefinition(SandboxLayout layout, string name, string site, IReadOnlyList<string> addresses, int port, string dll, RunAsUser? runAs) => new(
        name,
        site,
        PortalLocator.DotnetHost(),
        [dll, "--urls", "http://{address}:{port}"],
        new Dictionary<string, string>
        {
            ["PORTAL_DB_SECRET_FILE"] = layout.DbEndpointSecret,
            ["PORTAL_SITE"] = site,
            ["HOME"] = layout.Home,
            ["DOTNET_CLI_HOME"] = layout.Home,
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_gcServer"] = "0",
        },
        addresses,
        port,
        "/health",
        layout.Logs,
        runAs);

    private static string NewSecret() => RandomNumberGenerator.GetHexString(32, lowercase: true);

    private static async Task WriteSecretAsync(string path, string value, RunAsUser? runAs, CancellationToken cancellationToken)
    {
        await AtomicFile.WriteAllTextAsync(path, value, cancellationToken, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        DetachedProcess.GiveTo(path, runAs);
    }

    private static async Task<bool> StandbyPromotedAsync(SandboxState state, string superuserPassword, CancellationToken cancellationToken)
    {
        var standby = state.Components.FirstOrDefault(c => c.Name == StandbyDb);
        if (standby is null || !DetachedProcess.IsOurs(standby.Pid, standby.Marker))
        {
            return false;
        }

        try
        {
            await using var connection = new Npgsql.NpgsqlConnection(SandboxPostgres.SuperuserConnection(standby.Port, superuserPassword));
            await connection.OpenAsync(cancellationToken);
            await using var command = new Npgsql.NpgsqlCommand("select pg_is_in_recovery()", connection);
            return await command.ExecuteScalarAsync(cancellationToken) is false;
        }
        catch (Npgsql.NpgsqlException)
        {
            return false;
        }
    }
}
