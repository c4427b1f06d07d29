namespace Lifeline.Cli.Hosting;

internal static class Operator
{
    /// <summary>Who is acting: <c>--as</c>, else $LIFELINE_USER, else the login name.</summary>
    public static string Name(string? given) =>
        given ?? Environment.GetEnvironmentVariable("LIFELINE_USER") ?? Environment.UserName;
}
