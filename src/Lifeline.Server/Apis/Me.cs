namespace Lifeline.Server.Apis;

/// <summary>Who is signed in, and with which role and estate contact.</summary>
public sealed record Me(string Username, string Role, string? Contact, string Via);
