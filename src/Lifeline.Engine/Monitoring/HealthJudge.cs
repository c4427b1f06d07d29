using System.Globalization;

namespace Lifeline.Engine.Monitoring;

/// <summary>Decides whether what a probe saw is healthy, by probe kind, and says why in one line.</summary>
internal static class HealthJudge
{
    public static (bool Healthy, string Detail) Judge(ProbeCall call, IReadOnlyDictionary<string, string> fields)
    {
        string Field(string name) => fields.TryGetValue(name, out var value) ? value : "";
        switch (call.Kind)
        {
            case "postgres":
                return Field("reachable") == "true"
                    ? (true, $"{Field("role")}, writable={Field("writable")}, lag {Field("lag_seconds")}s, replication {Field("replication_state")}")
                    : (false, "unreachable");
            case "http":
                if (Field("reachable") != "true")
                {
                    return (false, $"unreachable: {Field("error")}");
                }

                var status = int.TryParse(Field("status"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code : 0;
                var ok = call.Expect.TryGetValue("status", out var expected) ? Field("status") == expected : status is >= 200 and < 500;
                return (ok, $"HTTP {Field("status")} in {Field("latency_ms")} ms");
            case "dns":
                if (Field("rcode") != "NOERROR")
                {
                    return (false, $"rcode {Field("rcode")}");
                }

                return call.Expect.TryGetValue("answer", out var answer) && !SameAnswer(Field("answer"), answer)
                    ? (false, $"answer {Field("answer")}, expected {answer}")
                    : (true, $"answer {Field("answer")}");
            default:
                return Field("healthy") == "true" ? (true, "healthy") : (false, Field("error"));
        }
    }

    private static bool SameAnswer(string actual, string expected) =>
        Split(actual).SetEquals(Split(expected));

    private static HashSet<string> Split(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
