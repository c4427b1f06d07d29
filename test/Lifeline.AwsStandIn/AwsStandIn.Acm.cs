namespace Lifeline.AwsStandIn;

public sealed partial class AwsStandIn
{
    private readonly Dictionary<string, (string Domain, string Status, DateTimeOffset NotAfter)> _certificates = new(StringComparer.Ordinal);

    public void AddCertificate(string arn, string domain, string status, DateTimeOffset notAfter)
    {
        lock (_lock)
        {
            _certificates[arn] = (domain, status, notAfter);
        }
    }

    private Reply Acm(ServiceModel model, string operation, Dictionary<string, string> p)
    {
        if (operation != "DescribeCertificate")
        {
            return Error(model, 501, "NotImplementedByStandIn", $"the stand-in does not answer acm:{operation}");
        }

        var arn = p["CertificateArn"];
        return _certificates.TryGetValue(arn, out var certificate)
            ? Json(new
            {
                Certificate = new
                {
                    CertificateArn = arn,
                    DomainName = certificate.Domain,
                    Status = certificate.Status,
                    NotAfter = certificate.NotAfter.ToUnixTimeSeconds(),
                    InUseBy = new[] { "arn:aws:elasticloadbalancing:region:000000000000:loadbalancer/app/standin/1" },
                    Type = "AMAZON_ISSUED",
                },
            })
            : Error(model, 400, "ResourceNotFoundException", $"Could not find certificate {arn}.");
    }
}
