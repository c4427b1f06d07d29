namespace Lifeline.Providers.Aws.Ec2;

/// <summary>One inbound path: a port over a protocol from a CIDR range or from another security group.</summary>
internal sealed record IngressRule(string Protocol, int Port, string? Cidr, string? SourceGroup)
{
    public override string ToString() => $"{Protocol}/{Port} from {Cidr ?? SourceGroup}";
}
