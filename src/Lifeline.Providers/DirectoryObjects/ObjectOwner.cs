using System.Globalization;
using System.Runtime.InteropServices;
using Lifeline.Providers.ProcessService;

namespace Lifeline.Providers.DirectoryObjects;

/// <summary>
/// Who owns what a directory store's sync writes: with <c>owner</c> set (uid:gid), every directory it creates and every
/// object it writes is given to that user, so the store's other writers keep write access; without it, files keep the
/// writer's own user.
/// </summary>
internal sealed record ObjectOwner(int Uid, int Gid, string? Error)
{
    private static readonly ObjectOwner Nobody = new(-1, -1, null);

    public static ObjectOwner Parse(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            return Nobody;
        }

        return setting.Split(':') is [var uid, var gid]
            && int.TryParse(uid, NumberStyles.None, CultureInfo.InvariantCulture, out var u)
            && int.TryParse(gid, NumberStyles.None, CultureInfo.InvariantCulture, out var g)
            ? new ObjectOwner(u, g, null)
            : Nobody with { Error = $"is '{setting}'; expected uid:gid, e.g. 1001:1001" };
    }

    private bool Set => Uid >= 0;

    /// <summary>Creates <paramref name="directory"/> and its missing parents up to <paramref name="root"/>, each given to the owner.</summary>
    public void CreateDirectory(string root, string directory)
    {
        var missing = new Stack<string>();
        for (var current = Path.GetFullPath(directory); !Directory.Exists(current); current = Path.GetDirectoryName(current)!)
        {
            missing.Push(current);
            if (Path.GetFullPath(current) == Path.GetFullPath(root) || Path.GetDirectoryName(current) is null)
            {
                break;
            }
        }

        while (missing.TryPop(out var created))
        {
            Directory.CreateDirectory(created);
            Give(created);
        }
    }

    /// <summary>Gives a written file or created directory to the owner.</summary>
    public void Give(string path)
    {
        if (Set && NativeMethods.Chown(path, Uid, Gid) != 0)
        {
            throw new IOException($"could not give {path} to {Uid.ToString(CultureInfo.InvariantCulture)}:{Gid.ToString(CultureInfo.InvariantCulture)} (errno {Marshal.GetLastPInvokeError().ToString(CultureInfo.InvariantCulture)})");
        }
    }
}
