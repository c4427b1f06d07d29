using Lifeline.Benchmarks;

return await EngineOverheadBenchmark.RunAsync(args);
