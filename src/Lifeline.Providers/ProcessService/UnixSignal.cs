namespace Lifeline.Providers.ProcessService;

/// <summary>The Linux signal numbers the sandbox and the process-service provider send.</summary>
internal enum UnixSignal
{
    Interrupt = 2,
    Quit = 3,
    Kill = 9,
    Terminate = 15,
    Continue = 18,
    Stop = 19,
}
