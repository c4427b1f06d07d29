namespace Lifeline.Sandbox.Portal.Apis;

internal sealed record ProcessStatus(string Status, string Site, string Revision);
