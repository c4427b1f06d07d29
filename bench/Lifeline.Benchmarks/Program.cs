using Lifeline.Benchmarks;
using Lifeline.Benchmarks.ServerLoad;

return args switch
{
    ["demo", .. var rest] => await DemoBenchmark.RunAsync(rest),
    ["audit", .. var rest] => await AuditBenchmark.RunAsync(rest),
    ["server-load", .. var rest] => await ServerLoadBenchmark.RunAsync(rest),
    _ => await EngineOverheadBenchmark.RunAsync(args),
};
