namespace Lifeline.Core.Providers;

/// <summary>
/// How <c>database.fence</c> keeps an old primary from taking writes. Every method but <see cref="Advisory"/> holds
/// against any client: the server itself refuses a fresh client's <c>BEGIN READ WRITE</c>.
/// </summary>
public enum FenceMethod
{
    /// <summary>Restart the server as a standby: it refuses writes itself, and can later rejoin the new primary.</summary>
    Demote,

    /// <summary>Stop the server.</summary>
    Stop,

    /// <summary>Reject every connection except replication and monitoring, and end the sessions already open.</summary>
    Block,

    /// <summary>Ask clients to be read-only (a server setting). Any client undoes it, so it is never a fence that holds.</summary>
    Advisory,
}
