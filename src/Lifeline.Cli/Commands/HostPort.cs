using System.Globalization;

namespace Lifeline.Cli.Commands;

internal static class HostPort
{
    public static bool TryParse(string text, out string host, out int port)
    {
        host = "";
        port = 0;
        var colon = text.LastIndexOf(':');
        return colon > 0
            && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port)
            && port is > 0 and < 65536
            && (host = text[..colon]).Length > 0;
    }
}
