using Lifeline.Benchmarks;

return args is ["demo", .. var rest]
    ? await DemoBenchmark.RunAsync(rest)
    : await EngineOverheadBenchmark.RunAsync(args);
