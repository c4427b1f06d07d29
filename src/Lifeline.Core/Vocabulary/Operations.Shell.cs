using Lifeline.Core.Providers;
using static Lifeline.Core.Providers.FieldDescriptor;
using static Lifeline.Core.Providers.ParameterDescriptor;

namespace Lifeline.Core.Vocabulary;

public static partial class Operations
{
    /// <summary>Programs run from an argument vector; the shell step kind runs through it.</summary>
    public static class Shell
    {
        public const string Provider = "shell";

        public static readonly OperationDescriptor Run = new(
            "shell.run",
            "Run a program with an argument vector, environment and working directory.",
            [Required("argv", ParameterType.String, "JSON array: the program and its arguments."),
             Optional("env", ParameterType.String, "JSON object of extra environment variables."),
             Optional("workdir", ParameterType.String, "Working directory.")],
            [Whole("exit_code", "The program's exit code."),
             Text("stdout", "What it wrote to standard output (up to 64 KiB).")],
            Idempotent: false);

        public static readonly Capability Capability = new("shell", "Programs run from an argument vector, never a shell string.", [Run], [], UntargetedProvider: Provider);
    }
}
