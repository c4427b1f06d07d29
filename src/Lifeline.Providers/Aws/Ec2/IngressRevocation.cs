using Lifeline.Providers.Aws.Cli;

namespace Lifeline.Providers.Aws.Ec2;

/// <summary>What revoking one inbound rule came to: the failed call, or whether it was there and is verifiably gone.</summary>
internal sealed record IngressRevocation(AwsResult? Failure, bool WasPresent, bool Verified, string Evidence)
{
    public bool Succeeded => Failure is null;
}
