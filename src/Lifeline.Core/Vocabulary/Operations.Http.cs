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

        public static readonly ProbeDescriptor Load = new(
            "http.load",
            "Send requests at a fixed arrival rate for a duration (the runbooks' reduced-load artillery run) and observe the error rate and latency percentiles. A request errs when no response arrives or the status is not 2xx or 3xx.",
            [Optional("url", ParameterType.Url, "Absolute URL; default is the target's url setting."),
             Optional("path", ParameterType.String, "Appended to the target's url."),
             Optional("method", ParameterType.String, "GET (default), HEAD or POST."),
             Optional("body", ParameterType.String, "Request body (JSON) for POST."),
             Optional("rate", ParameterType.Integer, "New requests per second, whether or not earlier ones answered (default 5)."),
             Optional("duration", ParameterType.Duration, "How long requests keep arriving (default 60s)."),
             Optional("timeout", ParameterType.Duration, "Per-request timeout (default 10s).")],
            [Whole("requests", "Requests sent."),
             Whole("errors", "Requests without a response or with a status other than 2xx or 3xx."),
             Decimal("error_rate", "errors / requests, 0 to 1."),
             Whole("p50_ms", "Median latency of the requests that answered, in milliseconds; empty when none did."),
             Whole("p95_ms", "95th percentile latency of the requests that answered; empty when none did."),
             Whole("max_ms", "Slowest answer; empty when none did."),
             Text("first_error", "The first error seen; empty when there was none.")]);

        public static readonly Capability Capability = new("http", "HTTP endpoints: status, body and latency.", [Request], [Get, Load], UntargetedProvider: Provider);
    }
}
