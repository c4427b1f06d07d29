namespace Lifeline.Sandbox.Portal.Ehr;

internal sealed record EhrStatus(string Status, string Site, bool Writable, string Database);
