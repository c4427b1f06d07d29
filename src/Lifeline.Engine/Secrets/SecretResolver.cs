using Lifeline.Core.Estates;
using Lifeline.Core.Expressions;

namespace Lifeline.Engine.Secrets;

/// <summary>
/// Resolves <c>${{ secrets.NAME }}</c> at run time from the estate's declaration (environment variable or file),
/// or by default from the environment variable <c>LIFELINE_SECRET_NAME</c>. Every value found is registered with the
/// redactor before anyone can print it.
/// </summary>
public sealed class SecretResolver(Estate estate, Redactor redactor, Func<string, string?> environment)
{
    public const string DefaultPrefix = "LIFELINE_SECRET_";

    /// <summary>
    /// Whether an environment variable holds a secret: <c>LIFELINE_SECRET_*</c>, or one a declared secret reads. Read
    /// through <c>${{ env.NAME }}</c> it is still a secret, masked like <c>${{ secrets.NAME }}</c>.
    /// </summary>
    public bool HoldsSecret(string variable) =>
        variable.StartsWith(DefaultPrefix, StringComparison.Ordinal) || estate.Secrets.Any(s => string.Equals(s.Env, variable, StringComparison.Ordinal));

    /// <summary><c>${{ env.NAME }}</c>: the variable's value, as a secret (registered with the redactor) when it holds one.</summary>
    public ExpressionValue Variable(string variable)
    {
        if (environment(variable) is not { } value)
        {
            return ExpressionValue.Unresolved($"environment variable {variable} is not set");
        }

        if (!HoldsSecret(variable))
        {
            return ExpressionValue.Of(value);
        }

        redactor.Register(value);
        return ExpressionValue.Secret(value);
    }

    public (string? Value, string? Error) Resolve(string name)
    {
        var declaration = estate.FindSecret(name);
        string? value;
        string source;
        if (declaration?.File is { } file)
        {
            source = $"file {file}";
            try
            {
                value = File.Exists(file) ? File.ReadAllText(file).TrimEnd('\n', '\r') : null;
            }
            catch (IOException ex)
            {
                return (null, $"secret {name} could not be read from {source}: {ex.Message}");
            }
            catch (UnauthorizedAccessException ex)
            {
                return (null, $"secret {name} could not be read from {source}: {ex.Message}");
            }
        }
        else
        {
            var variable = declaration?.Env ?? DefaultPrefix + name;
            source = $"environment variable {variable}";
            value = environment(variable);
        }

        if (value is null)
        {
            return (null, $"secret {name} is not set; expected {source}");
        }

        redactor.Register(value);
        return (value, null);
    }
}
