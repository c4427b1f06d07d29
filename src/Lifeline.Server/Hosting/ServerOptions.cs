namespace Lifeline.Server.Hosting;

/// <summary>
/// How <c>lifeline serve</c> runs: the state database it shares with the CLI, the estates it serves, where it listens,
/// and its web hardening knobs. Bind only to loopback unless a TLS-terminating proxy is in front.
/// </summary>
public sealed record ServerOptions
{
    public string StatePath { get; init; } = ".lifeline/state.db";

    /// <summary>Estate directories (estate.yaml and plans/); each is served under its estate name.</summary>
    public IReadOnlyList<string> Estates { get; init; } = [];

    public string Urls { get; init; } = "http://127.0.0.1:8080";

    /// <summary>Mark the session and CSRF cookies Secure (browsers treat http://localhost as secure). Off only for plain-HTTP tests.</summary>
    public bool SecureCookies { get; init; } = true;

    /// <summary>How long a browser session lasts from sign-in (it does not slide); signing out ends it at once.</summary>
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(8);

    /// <summary>Login attempts allowed per client address per minute; more get 429.</summary>
    public int LoginAttemptsPerMinute { get; init; } = 10;

    /// <summary>Failed sign-ins in a row an account may have before each further one shuts it for doubling times.</summary>
    public int LoginFailuresBeforeBackoff { get; init; } = 5;

    /// <summary>How long an account is shut after its first failure past the free ones; each further failure doubles it.</summary>
    public TimeSpan LoginBackoffStart { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest an account is shut after failed sign-ins.</summary>
    public TimeSpan LoginBackoffLimit { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The largest request body accepted (JSON and forms); larger ones get 413 before they are read.</summary>
    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>The public status page's title.</summary>
    public string StatusPageName { get; init; } = "Lifeline status";

    /// <summary>What <c>${{ env.NAME }}</c> and default secrets read.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Where sandbox drills started from the server put their sandbox (a new directory per drill under it).</summary>
    public string SandboxRoot { get; init; } = Path.GetTempPath();

    /// <summary>How often a run waiting at a gate looks for a decision.</summary>
    public TimeSpan DecisionPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Run the monitor inside the server (<c>serve --monitor</c>) at this probe interval; null = no monitor.</summary>
    public TimeSpan? MonitorInterval { get; init; }

    /// <summary>Check every estate's readiness at this interval (<c>serve --readiness-interval</c>); null = only when asked.</summary>
    public TimeSpan? ReadinessInterval { get; init; }

    /// <summary>The profile whose bindings the hosted monitor probes (default: each estate's first profile).</summary>
    public string? MonitorProfile { get; init; }

    /// <summary>Whether runs the hosted monitor starts are live runs or drills.</summary>
    public Core.Providers.RunMode MonitorMode { get; init; } = Core.Providers.RunMode.Live;

    /// <summary>Run the estates' testing calendars inside the server (<c>serve --schedule</c>), looking at this interval; null = not run.</summary>
    public TimeSpan? ScheduleInterval { get; init; }
}
