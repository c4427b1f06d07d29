using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Providers.Capabilities;

/// <summary>HTTP endpoints: the runbooks' <c>curl</c> health and login checks.</summary>
public static class HttpCapability
{
    public static readonly ProbeDescriptor Get = new(
        "http.get",
        "Request a URL (the target's url setting plus path) and observe status, body and latency.",
        [Optional("url", ParameterType.Url, "Absolute URL; default is the target's url setting."),
         Optional("path", ParameterType.String, "Appended to the target's url."),
         Optional("method", ParameterType.String, "GET (default), HEAD or POST."),
         Optional("body", ParameterType.String, "Request body (JSON) for POST."),
         Optional("timeout", ParameterType.Duration, "Per-request timeout (default 10s).")],
        ["reachable", "status", "latency_ms", "body", "error"]);

    public static readonly OperationDescriptor Request = new(
        "http.request",
        "Send a request and fail unless the status is 2xx (or expect-status).",
        [Optional("url", ParameterType.Url, "Absolute URL; default is the target's url setting."),
         Optional("path", ParameterType.String, "Appended to the target's url."),
         Optional("method", ParameterType.String, "GET (default), POST, PUT or DELETE."),
         Optional("body", ParameterType.String, "Request body (JSON)."),
         Optional("expect-status", ParameterType.Integer, "Required status code."),
         Optional("timeout", ParameterType.Duration, "Per-request timeout (default 10s).")],
        ["status", "body", "latency_ms"],
        Idempotent: false);

    public static readonly IReadOnlyList<OperationDescriptor> Operations = [Request];

    public static readonly IReadOnlyList<ProbeDescriptor> Probes = [Get];
}
