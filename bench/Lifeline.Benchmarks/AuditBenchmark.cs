using System.Diagnostics;
using System.Globalization;
using Lifeline.Engine.Audit;

namespace Lifeline.Benchmarks;

/// <summary>
/// Audit trail throughput: concurrent appenders (default 64, each awaiting its own commit) append 1,000,000 records to
/// a fresh SQLite file, then the whole chain is verified. Usage: bench audit [records] [appenders] [keep]; bench audit verify PATH times verification of an existing file.
/// </summary>
internal static class AuditBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["verify", var existing])
        {
            await using var opened = await SqliteAuditTrail.OpenAsync(existing, TimeProvider.System, CancellationToken.None);
            for (var i = 0; i < 3; i++)
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                var result = await opened.VerifyAsync(null, CancellationToken.None);
                Console.WriteLine($"verify: {result.RecordsChecked:N0} records in {watch.Elapsed.TotalSeconds:F2} s (CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F2} s), ok={result.Ok}");
            }

            return 0;
        }

        var records = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var appenders = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 64;
        var directory = Path.Combine(Path.GetTempPath(), "lifeline-bench-audit-" + Guid.NewGuid().ToString("N")[..8]);
        var path = Path.Combine(directory, "state.db");
        try
        {
            await using var trail = await SqliteAuditTrail.OpenAsync(path, TimeProvider.System, CancellationToken.None);
            var next = -1;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, appenders).Select(a => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < records)
                {
                    var n = i.ToString(CultureInfo.InvariantCulture);
                    await trail.AppendAsync(new AuditEntry("appender-" + a, "step.succeeded", "run-" + (i / 1000), "INC-42", "step-" + n, "{\"attempt\":1,\"outputs\":{\"n\":\"" + n + "\"}}"), CancellationToken.None);
                }
            })));
            clock.Stop();
            var appendSeconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"append: {records:N0} records, {appenders} concurrent appenders, {appendSeconds:F2} s = {records / appendSeconds:N0} records/s");

            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            clock.Restart();
            var verification = await trail.VerifyAsync(null, CancellationToken.None);
            clock.Stop();
            Console.WriteLine($"verify: {verification.RecordsChecked:N0} records in {clock.Elapsed.TotalSeconds:F2} s (CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F2} s; {verification.RecordsChecked / clock.Elapsed.TotalSeconds:N0} records/s), ok={verification.Ok}");
            Console.WriteLine($"file: {new FileInfo(path).Length / 1024.0 / 1024.0:F0} MiB");
            return verification.Ok && verification.RecordsChecked == records ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (args is [_, _, "keep", ..])
            {
                Console.WriteLine($"kept: {path}");
            }
            else
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
