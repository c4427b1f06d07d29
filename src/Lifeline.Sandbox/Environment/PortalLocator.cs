namespace Lifeline.Sandbox.Environment;

/// <summary>Finds the sample portal's dll and the dotnet host that runs it.</summary>
internal static class PortalLocator
{
    public const string DllName = "lifeline-portal.dll";

    public static string Dll(string? explicitPath) =>
        explicitPath
        ?? (System.Environment.GetEnvironmentVariable("LIFELINE_PORTAL_DLL") is { Length: > 0 } fromEnvironment ? fromEnvironment : Path.Combine(AppContext.BaseDirectory, DllName));

    public static string DotnetHost()
    {
        if (System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        if (System.Environment.ProcessPath is { } processPath && Path.GetFileNameWithoutExtension(processPath) == "dotnet")
        {
            return processPath;
        }

        return ((string[])["/usr/share/dotnet/dotnet", "/usr/lib/dotnet/dotnet", "/usr/bin/dotnet"]).FirstOrDefault(File.Exists) ?? "dotnet";
    }
}
