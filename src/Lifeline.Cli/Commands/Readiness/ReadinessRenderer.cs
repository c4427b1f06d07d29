using Lifeline.Engine.Readiness;

namespace Lifeline.Cli.Commands.Readiness;

/// <summary>The checklist for people: one line per item, its evidence indented under it.</summary>
internal static class ReadinessRenderer
{
    public static void Write(ReadinessReport report, TextWriter output)
    {
        output.WriteLine($"{report.Estate} ({report.Profile}) at {report.At:u}: {(report.Ready ? "READY" : "NOT READY")}");
        foreach (var item in report.Items)
        {
            var mark = item.Status switch
            {
                ReadinessStatus.Pass => "PASS",
                ReadinessStatus.Fail => "FAIL",
                _ => "N/C ",
            };
            output.WriteLine($"  {mark}  {item.Name}  (checked {item.CheckedAt:HH:mm:ss})");
            foreach (var line in item.Evidence.Split('\n'))
            {
                output.WriteLine($"        {line}");
            }
        }
    }
}
