namespace Lifeline.Core.Providers;

/// <summary>The fence methods' names in plans and estates, and which of them hold.</summary>
public static class FenceMethods
{
    /// <summary>What the split-brain watchdog and <c>database.fence</c> use when nothing is named: a fence that holds.</summary>
    public const FenceMethod Default = FenceMethod.Demote;

    public static readonly IReadOnlyList<FenceMethod> All = [FenceMethod.Demote, FenceMethod.Stop, FenceMethod.Block, FenceMethod.Advisory];

    public static string Name(this FenceMethod method) => method switch
    {
        FenceMethod.Demote => "demote",
        FenceMethod.Stop => "stop",
        FenceMethod.Block => "block",
        _ => "advisory",
    };

    /// <summary>Whether a fence of this method survives a client that asks for a read-write transaction.</summary>
    public static bool Holds(this FenceMethod method) => method != FenceMethod.Advisory;

    public static FenceMethod? Parse(string? text) => All.Cast<FenceMethod?>().FirstOrDefault(m => string.Equals(m!.Value.Name(), text, StringComparison.Ordinal));

    /// <summary>Why a name is not a method, in the words a person fixing the file needs.</summary>
    public static string Expected(string text) => text == "read-only"
        ? "fence method 'read-only' was removed: any client undoes it with BEGIN READ WRITE; expected demote, stop or block (or advisory, which does not hold)"
        : $"unknown fence method '{text}'; expected demote, stop, block or advisory";
}
