using Lifeline.FailoverBench;

return await Bench.RunAsync(args);
