using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.FieldDescriptor;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Core.Vocabulary;

public static partial class Operations
{
    /// <summary>HTTP endpoints: the runbooks' <c>curl</c> health and login checks.</summary>
    public static class Http
    {
        public const string Provider = "http";

        public static readonly ProbeDescriptor Get = new(
            "http.get",
            "Request a URL (the target's url setting plus path) and observe status, body and latency.",
            [Optional("url", ParameterType.Url, "Absolute URL; default is the target's url setting."),
             Optional("path", ParameterType.String, "Appended to the target's url."),
             Optional("method", ParameterType.String, "GET (default), HEAD or POST."),
             Optional("body", ParameterType.String, "Request body (JSON) for POST."),
             Optional("timeout", ParameterType.Duration, "Per-request timeout (default 10s).")],
            [Flag("reachable", "Whether a response arrived."),
             Whole("status", "The HTTP status code; 0 when unreachable."),
             Whole("latency_ms", "Milliseconds until the response."),
             Text("body", "The first 2 KiB of the body."),
             Text("error", "Why no response arrived; empty otherwise.")]);

        public static readonly OperationDescriptor Request = new(
            "http.request",
            "Send a request and fail unless the status is 2xx (or expect-status).",
            [Optional("url", ParameterType.Url, "Absolute URL; default is the target's url setting."),
             Optional("path", ParameterType.String, "Appended to the target's url."),
             Optional("method", ParameterType.String, "GET (default), POST, PUT or DELETE."),
             Optional("body", ParameterType.String, "Request body (JSON)."),
             Optional("expect-status", ParameterType.Integer, "Required status code."),
             Optional("timeout", ParameterType.Duration, "Per-request timeout (default 10s).")],
            [Whole("status", "The HTTP status code."),
             Text("body", "The first 2 KiB of the body."),
             Whole("latency_ms", "Milliseconds until the response.")],
            Idempotent: false);

        public static readonly Capability Capability = new("http", "HTTP endpoints: status, body and latency.", [Request], [Get], UntargetedProvider: Provider);
    }
}
