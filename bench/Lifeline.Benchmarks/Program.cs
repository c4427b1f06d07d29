using Lifeline.Benchmarks;

return args switch
{
    ["demo", .. var rest] => await DemoBenchmark.RunAsync(rest),
    ["audit", .. var rest] => await AuditBenchmark.RunAsync(rest),
    _ => await EngineOverheadBenchmark.RunAsync(args),
};
