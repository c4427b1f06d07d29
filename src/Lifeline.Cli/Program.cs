using Lifeline.Cli;

return await LifelineCli.RunAsync(args);
