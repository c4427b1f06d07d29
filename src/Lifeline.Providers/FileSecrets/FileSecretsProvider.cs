using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Providers.FileSecrets;

/// <summary>
/// The sandbox's secret store: one file per secret (<c>&lt;dir&gt;/&lt;name&gt;</c>, mode 0600) written atomically
/// (temp file + rename) so a reader sees the old value or the new one, never half of either. The version is a counter
/// kept beside it in <c>&lt;name&gt;.version</c>. Values never reach logs or outputs; the probe reports a SHA-256.
/// </summary>
internal sealed partial class FileSecretsProvider : IProvider
{
    public static readonly ProviderDescriptor Description = new(
        "file-secrets",
        "Sandbox secret store: one file per secret, written atomically, with a version counter beside it, and a rotation function per secret (a PostgreSQL password, or a random value).",
        [Operations.Secret.Put, Operations.Secret.Rotate],
        Operations.Secret.Capability.Probes,
        [
            SettingDescriptor.Required("dir", "Directory of the secret files."),
            SettingDescriptor.Required("name", "File name of the secret."),
            SettingDescriptor.Optional("owner", "user:group that owns a written secret file."),
            SettingDescriptor.RequiredBy(RotationSetting, "secret.rotate's rotation function: postgres (the secret is a database connection as JSON with host, port, username, password and dbname: a new password is set on that role and tested before the secret holds it, as Secrets Manager's single-user RDS rotation does) or random (a new random value).", Operations.Secret.Rotate.Name),
        ]);

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly SemaphoreSlim _writes = new(1, 1);

    public ProviderDescriptor Descriptor => Description;

    public async ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation != Operations.Secret.Put.Name && request.Operation != Operations.Secret.Rotate.Name)
            return OperationOutcome.Failure($"file-secrets does not support operation '{request.Operation}'.");
        if (SecretLocation.From(request.Settings) is not { } location)
            return OperationOutcome.Failure(SecretLocation.MissingSettings);
        if (request.Operation == Operations.Secret.Rotate.Name)
            return await RotateAsync(location, request, cancellationToken);
        if (!request.Inputs.TryGetValue("value", out var value))
            return OperationOutcome.Failure("secret.put needs the input 'value'.");

        await _writes.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(location.Directory);
            var bytes = Encoding.UTF8.GetBytes(value);
            var version = await ReadVersionAsync(location, cancellationToken);
            if (version > 0 && File.Exists(location.ValuePath)
                && (await File.ReadAllBytesAsync(location.ValuePath, cancellationToken)).AsSpan().SequenceEqual(bytes))
            {
                request.Context.Log.Write($"secret '{location.Name}' already holds this value (version {version}); nothing written");
                return Versioned(version);
            }

            version++;
            var owner = Owner(request.Settings.GetValueOrDefault("owner"));
            await WriteAtomicallyAsync(location.ValuePath, bytes, owner, cancellationToken);
            await WriteAtomicallyAsync(location.VersionPath, Encoding.UTF8.GetBytes(version.ToString(CultureInfo.InvariantCulture)), owner, cancellationToken);
            request.Context.Log.Write($"wrote secret '{location.Name}' version {version}");
            return Versioned(version);
        }
        catch (IOException ex)
        {
            return OperationOutcome.Failure($"could not write secret '{location.Name}' in {location.Directory}: {ex.Message}", transient: true);
        }
        catch (UnauthorizedAccessException ex)
        {
            return OperationOutcome.Failure($"not allowed to write secret '{location.Name}' in {location.Directory}: {ex.Message}");
        }
        finally
        {
            _writes.Release();
        }
    }

    public async ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        if (request.Probe != Operations.Secret.Get.Name)
            return ProbeOutcome.Invalid($"file-secrets does not support probe '{request.Probe}'.");
        if (SecretLocation.From(request.Settings) is not { } location)
            return ProbeOutcome.Invalid(SecretLocation.MissingSettings);

        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(location.ValuePath, cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return ProbeOutcome.Observed(new Dictionary<string, string> { ["exists"] = "false", ["sha256"] = "" });
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return ProbeOutcome.Observed(new Dictionary<string, string> { ["exists"] = "true", ["sha256"] = hash });
    }

    private static OperationOutcome Versioned(long version) =>
        OperationOutcome.Success(new Dictionary<string, string> { ["version"] = version.ToString(CultureInfo.InvariantCulture) });

    private static async Task<long> ReadVersionAsync(SecretLocation location, CancellationToken cancellationToken)
    {
        if (!File.Exists(location.VersionPath))
            return 0;
        var text = await File.ReadAllTextAsync(location.VersionPath, cancellationToken);
        return long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new IOException($"version file {location.VersionPath} does not hold a number");
    }

    /// <summary>
    /// The optional <c>owner</c> setting ("uid:gid"): the account that must be able to read the secret, such as the
    /// unprivileged user the sandbox's services run as when Lifeline itself runs as root.
    /// </summary>
    private static (int Uid, int Gid)? Owner(string? setting)
    {
        var parts = setting?.Split(':');
        return parts is [var uid, var gid]
            && int.TryParse(uid, NumberStyles.None, CultureInfo.InvariantCulture, out var u)
            && int.TryParse(gid, NumberStyles.None, CultureInfo.InvariantCulture, out var g)
            ? (u, g)
            : null;
    }

    private static async Task WriteAtomicallyAsync(string path, byte[] bytes, (int Uid, int Gid)? owner, CancellationToken cancellationToken)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
                options.UnixCreateMode = OwnerOnly;
            await using (var stream = new FileStream(temp, options))
            {
                await stream.WriteAsync(bytes, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            if (owner is { } o && ProcessService.NativeMethods.Chown(temp, o.Uid, o.Gid) != 0)
            {
                throw new IOException($"cannot hand {path} to uid {o.Uid}: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
