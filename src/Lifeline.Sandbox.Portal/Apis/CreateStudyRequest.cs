namespace Lifeline.Sandbox.Portal.Apis;

internal sealed record CreateStudyRequest(long PatientId, string? Modality);
