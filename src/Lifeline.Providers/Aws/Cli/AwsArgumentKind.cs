namespace Lifeline.Providers.Aws.Cli;

internal enum AwsArgumentKind
{
    Plain,
    Flag,
    File,
    SecretFile,
}
