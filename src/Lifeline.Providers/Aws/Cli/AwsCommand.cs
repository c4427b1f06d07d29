using System.Text;

namespace Lifeline.Providers.Aws.Cli;

/// <summary>
/// One <c>aws</c> invocation: service, operation (or <c>wait &lt;waiter&gt;</c>) and options. <see cref="Preview"/> is the command
/// line a person would type, with secrets masked; it is what dry-run shows and the step log records.
/// </summary>
internal sealed record AwsCommand(string Service, IReadOnlyList<string> Operation, IReadOnlyList<AwsArgument> Arguments)
{
    public const string Masked = "***";

    public static AwsCommand Call(string service, string operation, params AwsArgument[] arguments) => new(service, [operation], arguments);

    public static AwsCommand Wait(string service, string waiter, params AwsArgument[] arguments) => new(service, ["wait", waiter], arguments);

    public string Name => $"{Service} {string.Join(' ', Operation)}";

    /// <summary>
    /// The command prints text whatever <c>--output</c> says (the <c>s3</c> transfer commands): its lines come back as
    /// <c>{"Lines": [...]}</c> instead of being parsed as JSON.
    /// </summary>
    public bool TextOutput { get; init; }

    public bool IsWaiter => Operation.Count > 0 && Operation[0] == "wait";

    /// <summary>The argv after the binary; <paramref name="wordFor"/> gives a file-passed argument's word (<c>file://path</c> when run).</summary>
    public List<string> Argv(AwsConnection connection, Func<AwsArgument, string> wordFor)
    {
        var argv = new List<string> { Service };
        argv.AddRange(Operation);
        foreach (var argument in Arguments)
        {
            argv.Add(argument.Name);
            switch (argument.Kind)
            {
                case AwsArgumentKind.Plain:
                    argv.Add(argument.Value!);
                    break;
                case AwsArgumentKind.File:
                case AwsArgumentKind.SecretFile:
                    argv.Add(wordFor(argument));
                    break;
                case AwsArgumentKind.Flag:
                    break;
            }
        }

        argv.AddRange(connection.Arguments());
        argv.Add("--output");
        argv.Add("json");
        return argv;
    }

    public string Preview(AwsConnection connection)
    {
        var argv = Argv(connection, argument => argument.Kind switch
        {
            AwsArgumentKind.SecretFile => Masked,
            // A long or multi-line body (a message) would swamp the line; the run passes it as a file anyway.
            _ when argument.Value!.Contains('\n', StringComparison.Ordinal) || argument.Value.Length > 1000 => $"file://<{argument.Value.Length} characters>",
            _ => argument.Value,
        });
        var text = new StringBuilder("aws");
        foreach (var word in argv)
        {
            text.Append(' ').Append(Quote(word));
        }

        return text.ToString();
    }

    /// <summary>POSIX shell quoting, so a previewed command can be pasted into a terminal.</summary>
    private static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,@+%".Contains(c, StringComparison.Ordinal))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
