namespace Lifeline.FailoverBench.Faults;

/// <summary>The faults a trial can inject into the primary (<c>--faults kill,partition</c>).</summary>
internal static class FaultKind
{
    /// <summary>The host is lost: SIGKILL of the primary's processes (connections are refused at once).</summary>
    public const string Kill = "kill";

    /// <summary>The host is cut off: every packet to and from it dropped (connections time out).</summary>
    public const string Partition = "partition";

    public static readonly string[] All = [Kill, Partition];
}
