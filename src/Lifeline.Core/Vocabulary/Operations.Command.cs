using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.FieldDescriptor;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Core.Vocabulary;

public static partial class Operations
{
    /// <summary>Generic command probe.</summary>
    public static class Command
    {
        public static readonly ProbeDescriptor Run = new(
            "command.run",
            "Run a program (argument vector, split on spaces) and observe its exit code; 0 is healthy.",
            [Required("argv", ParameterType.String, "Program and arguments, separated by spaces."),
             Optional("timeout", ParameterType.Duration, "How long it may run (default 5s).")],
            [Flag("healthy", "Whether it exited with 0."),
             Whole("exit_code", "Its exit code."),
             Text("output", "The first 500 characters of its output."),
             Text("error", "Why it is unhealthy; empty otherwise.")]);

        public static readonly Capability Capability = new("command", "Health decided by a program's exit code.", [], [Run], UntargetedProvider: HealthProbeProvider);
    }
}
