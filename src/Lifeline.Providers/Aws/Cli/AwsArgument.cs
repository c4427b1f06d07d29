namespace Lifeline.Providers.Aws.Cli;

/// <summary>
/// One option of an <c>aws</c> command. A <see cref="Kind"/> of <see cref="AwsArgumentKind.SecretFile"/> or
/// <see cref="AwsArgumentKind.File"/> is written to a 0600 temporary file and passed as <c>file://</c>, so a secret never
/// reaches argv; a secret shows as <c>***</c> in previews and logs.
/// </summary>
internal sealed record AwsArgument(string Name, string? Value, AwsArgumentKind Kind)
{
    public static AwsArgument Option(string name, string value) => new(name, value, AwsArgumentKind.Plain);

    public static AwsArgument Flag(string name) => new(name, null, AwsArgumentKind.Flag);

    public static AwsArgument FromFile(string name, string value) => new(name, value, AwsArgumentKind.File);

    public static AwsArgument Secret(string name, string value) => new(name, value, AwsArgumentKind.SecretFile);
}
