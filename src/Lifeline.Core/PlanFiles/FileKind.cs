using System.Runtime.InteropServices;

namespace Lifeline.Core.PlanFiles;

/// <summary>
/// What a path is once symlinks are followed, asked before it is opened: opening a FIFO blocks until someone writes,
/// and a device such as /dev/zero never ends. .NET reports neither (both look like empty files), so this asks the
/// runtime's own native shim, whose <c>FileStatus</c> starts with <c>int Flags; int Mode</c> on every Unix.
/// </summary>
internal static partial class FileKind
{
    private const int TypeMask = 0xF000;
    private const int RegularFile = 0x8000;
    private const int Directory = 0x4000;
    private const int Fifo = 0x1000;
    private const int CharacterDevice = 0x2000;
    private const int BlockDevice = 0x6000;
    private const int Socket = 0xC000;

    /// <summary>Null for a regular file (or when the kind cannot be asked, as on Windows); otherwise what it is instead.</summary>
    public static string? NotRegular(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        // Larger than the shim's FileStatus (about 120 bytes) so a future field can never write past it.
        var status = new byte[512];
        int result;
        try
        {
            result = Stat(path, status);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }

        if (result != 0)
        {
            return "missing or unreadable";
        }

        return (BitConverter.ToInt32(status, 4) & TypeMask) switch
        {
            RegularFile => null,
            Directory => "a directory",
            Fifo => "a FIFO (named pipe)",
            CharacterDevice => "a character device",
            BlockDevice => "a block device",
            Socket => "a socket",
            _ => "not a regular file",
        };
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] status);
}
