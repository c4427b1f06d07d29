using System.Globalization;
using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using Lifeline.Core.Estates.Sandbox;
using Lifeline.Providers.ProcessService;
using Lifeline.Sandbox.Environment.ObjectStore;

namespace Lifeline.Sandbox.Environment.Kinds;

/// <summary>
/// An S3-compatible object store in each site the component has an instance in: s3rver on the site's first instance
/// address (<c>&lt;component&gt;-&lt;site&gt;</c>, one port for all sites), every store holding the <c>buckets</c>, all of them
/// accepting only the sandbox's own access key. <c>replicate: bucket@site -> bucket/prefix/@site</c> copies each object
/// created in the source bucket to the target store, <c>lag</c> later (default 2s), as S3 cross-region replication does;
/// copies still pending die with the source site's process.
/// </summary>
internal sealed class S3StoreKind : ISandboxKind
{
    public const string Name = "s3";
    private static readonly TimeSpan DefaultLag = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    public string Kind => Name;

    public static string Process(SandboxComponentSpec component, string site) => $"{component.Name}-{site}";

    public static string KeysFile(SandboxLayout layout, SandboxComponentSpec component) => layout.Secret($"{component.Name}-keys");

    public static string Url(int siteIndex, int port) => AppService.Url(siteIndex, port);

    public static IReadOnlyList<string> Buckets(SandboxComponentSpec component) =>
        [.. (component.Setting("buckets") ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    public string? Check(SandboxComponentSpec component, SandboxTopology topology)
    {
        var buckets = Buckets(component);
        if (buckets.Count == 0 || buckets.Any(b => !IsBucketName(b)))
        {
            return $"{component.Location}: s3 '{component.Name}' has buckets '{component.Setting("buckets")}'; expected bucket names (3-63 of a-z, 0-9, -), comma-separated";
        }

        if (component.Instances.Count == 0)
        {
            return $"{component.Location}: s3 '{component.Name}' runs in no site; expected instances: {{ <site>: 1, ... }}";
        }

        if (component.Setting("lag") is { } lag && !Core.Time.DurationText.TryParse(lag, out _))
        {
            return $"{component.Location}: s3 '{component.Name}' has lag '{lag}'; expected a duration such as 2s";
        }

        return component.Setting("replicate") is { } text && Rule(component) is null
            ? $"{component.Location}: s3 '{component.Name}' has replicate '{text}'; expected <bucket>@<site> -> <bucket>/<prefix>@<site>, with its buckets and sites it runs in"
            : null;
    }

    public IEnumerable<PortNeed> Ports(SandboxComponentSpec component, SandboxTopology topology) =>
        [new PortNeed(component.Name, [.. component.Instances.Keys.Select(site => IPAddress.Parse(SitePartition.InstanceAddresses(topology.Sites.ToList().IndexOf(site) + 1, 1)[0]))])];

    public async Task<string?> PrepareAsync(SandboxBuild build, SandboxComponentSpec component, CancellationToken cancellationToken)
    {
        if (await S3Rver.EnsureAsync(build.Report, cancellationToken) is { } error)
        {
            return error;
        }

        Directory.CreateDirectory(build.Layout.Component(component.Name));
        DetachedProcess.GiveTo(build.Layout.Component(component.Name), build.RunAs);
        foreach (var site in component.Instances.Keys)
        {
            Directory.CreateDirectory(DataDirectory(build.Layout, component, site));
            DetachedProcess.GiveTo(DataDirectory(build.Layout, component, site), build.RunAs);
        }

        await using (var script = Assembly.GetExecutingAssembly().GetManifestResourceStream("Lifeline.Sandbox.s3site.js")!)
        await using (var file = File.Create(Script(build.Layout, component)))
        {
            await script.CopyToAsync(file, cancellationToken);
        }

        DetachedProcess.GiveTo(Script(build.Layout, component), build.RunAs);
        // An access key in AWS's shapes: a 20-character id starting AKIA and a 40-character secret.
        var id = "AKIA" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        var secret = RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 40);
        await SandboxSecrets.WriteAsync(KeysFile(build.Layout, component), $"{id}\n{secret}\n", build.RunAs, cancellationToken);
        return null;
    }

    public async Task<string?> StartAsync(SandboxBuild build, SandboxComponentSpec component, CancellationToken cancellationToken)
    {
        var port = build.Ports[component.Name];
        var rule = Rule(component);
        foreach (var site in component.Instances.Keys)
        {
            var address = SitePartition.InstanceAddresses(build.SiteIndex(site), 1)[0];
            var environment = new Dictionary<string, string>
            {
                ["HOME"] = build.Layout.Home,
                ["S3SITE_MODULE"] = S3Rver.Module,
                ["S3SITE_KEYS_FILE"] = KeysFile(build.Layout, component),
                ["S3SITE_ADDRESS"] = address,
                ["S3SITE_PORT"] = port.ToString(CultureInfo.InvariantCulture),
                ["S3SITE_BUCKETS"] = string.Join(',', Buckets(component)),
            };
            if (rule is { } r && r.SourceSite == site)
            {
                environment["S3SITE_REPLICATE"] = $"{r.SourceBucket}=>{Url(build.SiteIndex(r.TargetSite), port)}/{r.TargetBucket}/{r.TargetPrefix}";
                environment["S3SITE_LAG_MS"] = ((long)r.Lag.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            }

            var data = DataDirectory(build.Layout, component, site);
            var name = Process(component, site);
            var spec = new DetachedProcessSpec(S3Rver.Node, [Script(build.Layout, component), data], environment, build.Layout.Log(name), build.Layout.PidFile(name), build.Layout.Root, build.RunAs);
            var (server, error) = await build.SpawnAsync(name, site, Name, port, data, spec, cancellationToken);
            if (server is null)
            {
                return error;
            }

            error = await WaitReadyAsync(address, port, build.Time, cancellationToken);
            build.Report(error ?? $"{name} (s3rver) ready on {address}:{port.ToString(CultureInfo.InvariantCulture)}{(rule?.SourceSite == site ? $", replicating {rule.SourceBucket} to {rule.TargetBucket}/{rule.TargetPrefix} at {rule.TargetSite} {Core.Time.DurationText.Format(rule.Lag)} later" : "")}");
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary><c>&lt;C&gt;_&lt;SITE&gt;_URL</c> per site, the key file, and the access key as two secrets.</summary>
    public void Export(SandboxState state, SandboxComponentSpec component, IDictionary<string, string> settings)
    {
        var layout = new SandboxLayout(state.Directory);
        var port = state.Port(component.Name);
        settings[SandboxSettings.Key(component.Name, "port")] = port.ToString(CultureInfo.InvariantCulture);
        foreach (var site in component.Instances.Keys)
        {
            settings[SandboxSettings.Key(component.Name, site, "url")] = Url(state.SiteIndex(site), port);
        }

        settings[SandboxSettings.Key(component.Name, "keys-file")] = KeysFile(layout, component);
        var keys = SandboxEnvironment.ReadSecret(KeysFile(layout, component)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        settings[SandboxSettings.SecretKey(component.Name, "access-key-id")] = keys.ElementAtOrDefault(0) ?? "";
        settings[SandboxSettings.SecretKey(component.Name, "secret-access-key")] = keys.ElementAtOrDefault(1) ?? "";
    }

    public Task<string?> WaitReadyAsync(SandboxState state, SandboxComponent restarted, TimeProvider time, CancellationToken cancellationToken) =>
        WaitReadyAsync(SitePartition.InstanceAddresses(state.SiteIndex(restarted.Site), 1)[0], restarted.Port, time, cancellationToken);

    public async Task<(bool Healthy, string Detail)> HealthAsync(SandboxState state, SandboxComponent process, CancellationToken cancellationToken)
    {
        var url = Url(state.SiteIndex(process.Site), process.Port);
        return await AnswersAsync(url, cancellationToken) ? (true, url) : (false, $"{url} not answering");
    }

    private static async Task<string?> WaitReadyAsync(string address, int port, TimeProvider time, CancellationToken cancellationToken)
    {
        var url = $"http://{address}:{port.ToString(CultureInfo.InvariantCulture)}";
        var deadline = time.GetUtcNow() + ReadyTimeout;
        while (!await AnswersAsync(url, cancellationToken))
        {
            if (time.GetUtcNow() >= deadline)
            {
                return $"s3rver on {address}:{port.ToString(CultureInfo.InvariantCulture)} did not answer within {ReadyTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s";
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken);
        }

        return null;
    }

    private static async Task<bool> AnswersAsync(string url, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var response = await http.GetAsync(new Uri(url + "/health"), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when ((ex is HttpRequestException or TaskCanceledException) && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static string DataDirectory(SandboxLayout layout, SandboxComponentSpec component, string site) => Path.Combine(layout.Component(component.Name), site);

    private static string Script(SandboxLayout layout, SandboxComponentSpec component) => Path.Combine(layout.Component(component.Name), "s3site.js");

    private static bool IsBucketName(string name) =>
        name.Length is >= 3 and <= 63 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    /// <summary>The replication rule, <c>bucket@site -> bucket/prefix/@site</c>; null when absent or malformed.</summary>
    private static ReplicationRule? Rule(SandboxComponentSpec component)
    {
        if (component.Setting("replicate") is not { } text || text.Split("->", StringSplitOptions.TrimEntries) is not [var from, var to]
            || from.Split('@') is not [var sourceBucket, var sourceSite] || to.Split('@') is not [var target, var targetSite])
        {
            return null;
        }

        var slash = target.IndexOf('/', StringComparison.Ordinal);
        var targetBucket = slash < 0 ? target : target[..slash];
        var prefix = slash < 0 ? "" : target[(slash + 1)..];
        if (prefix.Length > 0 && !prefix.EndsWith('/'))
        {
            prefix += "/";
        }

        var buckets = Buckets(component);
        var lag = component.Setting("lag") is { } lagText && Core.Time.DurationText.TryParse(lagText, out var given) ? given : DefaultLag;
        return buckets.Contains(sourceBucket) && buckets.Contains(targetBucket) && component.Instances.ContainsKey(sourceSite) && component.Instances.ContainsKey(targetSite) && sourceSite != targetSite
            ? new ReplicationRule(sourceBucket, sourceSite, targetBucket, prefix, targetSite, lag)
            : null;
    }
}
