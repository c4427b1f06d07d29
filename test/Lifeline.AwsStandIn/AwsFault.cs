namespace Lifeline.AwsStandIn;

/// <summary>Errors the stand-in can answer instead of the real response, per operation.</summary>
public enum AwsFault
{
    /// <summary>400 with the service's throttling code (Throttling / ThrottlingException).</summary>
    Throttling,

    /// <summary>500 InternalFailure.</summary>
    ServerError,

    /// <summary>403 with the service's access-denied code (AccessDenied / AccessDeniedException).</summary>
    AccessDenied,
}
