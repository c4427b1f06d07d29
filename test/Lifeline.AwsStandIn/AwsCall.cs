namespace Lifeline.AwsStandIn;

/// <summary>
/// One request as the stand-in saw it: service (the model's directory name), operation, region from the signature, the
/// parameters flattened to dotted paths, and the error it was answered with, if any.
/// </summary>
public sealed record AwsCall(string Service, string Operation, string Region, IReadOnlyDictionary<string, string> Parameters, string? Error)
{
    public override string ToString() => $"{Service}:{Operation}@{Region}{(Error is null ? "" : $" ({Error})")}";
}
