namespace Lifeline.Server.Security;

/// <summary>
/// A person who signs in to the server. <see cref="Contact"/> names the estate contact they are (e.g. <c>cto</c>), which
/// is what gates' approver lists name; a gate with no list accepts any approver.
/// </summary>
public sealed record ServerUser(string Username, Role Role, string? Contact, DateTimeOffset CreatedAt, bool Disabled);
