using System.Text.RegularExpressions;
using Lifeline.Engine.Secrets;

namespace Lifeline.Engine.Readiness;

public sealed partial class ReadinessChecker
{
    /// <summary>
    /// Every secret a plan or a binding of this profile names resolves now, from its declared source. The evidence names
    /// each secret and where it comes from, never its value.
    /// </summary>
    private ReadinessItem Credentials(CheckContext context)
    {
        const string name = "Credentials available";
        var needed = SecretsNeeded(context);
        if (needed.Count == 0)
        {
            return Item(ReadinessItemKind.Credentials, name, ReadinessStatus.Pass, "no plan or binding needs a secret");
        }

        var resolver = new SecretResolver(context.Estate, context.Redactor, context.Environment);
        var missing = new List<string>();
        foreach (var secret in needed)
        {
            var (_, error) = resolver.Resolve(secret);
            if (error is not null)
            {
                missing.Add(error);
            }
        }

        return missing.Count == 0
            ? Item(ReadinessItemKind.Credentials, name, ReadinessStatus.Pass, $"{needed.Count} secret(s) resolve: {string.Join(", ", needed)}")
            : Item(ReadinessItemKind.Credentials, name, ReadinessStatus.Fail, Join(missing));
    }

    private static SortedSet<string> SecretsNeeded(CheckContext context)
    {
        var texts = context.Estate.Resources
            .Select(r => r.BindingFor(context.Profile))
            .Where(b => b is not null)
            .SelectMany(b => b!.Settings.Values)
            .Concat(context.Loaded.Sources.Files.Where(f => f.Key != context.Loaded.Sources.EstateFile).Select(f => f.Value));
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            foreach (Match match in SecretReference().Matches(text))
            {
                names.Add(match.Groups[1].Value);
            }
        }

        return names;
    }

    [GeneratedRegex(@"\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex SecretReference();
}
