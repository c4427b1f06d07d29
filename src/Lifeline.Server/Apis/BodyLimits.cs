using System.Collections;
using System.Reflection;

namespace Lifeline.Server.Apis;

/// <summary>
/// Lengths for every text a request body carries, checked before any handler stores or echoes it: a title or a name is
/// a line, a note or a reason a paragraph, a map of inputs a few dozen short values. Too long is a 400 naming the field
/// and its limit. (Bodies over <see cref="Hosting.ServerOptions.MaxRequestBodyBytes"/> never get this far: 413.)
/// </summary>
internal static class BodyLimits
{
    public const int Title = 200;
    public const int Name = 100;
    public const int Text = 4000;
    public const int Value = 1000;
    public const int MapEntries = 64;

    private static readonly Dictionary<string, int> ByField = new(StringComparer.Ordinal)
    {
        ["Title"] = Title,
        ["Text"] = Text,
        ["Reason"] = Value,
        ["Password"] = Value,
    };

    public static RouteGroupBuilder WithBodyLimits(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            foreach (var argument in context.Arguments)
            {
                if (argument is not null && argument.GetType().Namespace == typeof(BodyLimits).Namespace && Check(argument) is { } problem)
                {
                    return ApiProblems.BadRequest(problem);
                }
            }

            return await next(context);
        });
        return group;
    }

    /// <summary>Why a body is refused, or null when every text in it is within its limit.</summary>
    public static string? Check(object body)
    {
        foreach (var property in body.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var field = Snake(property.Name);
            switch (property.GetValue(body))
            {
                case string text when text.Length > ByField.GetValueOrDefault(property.Name, Name):
                    return $"{field} is {text.Length} characters long; expected at most {ByField.GetValueOrDefault(property.Name, Name)}";
                case IDictionary map when map.Count > MapEntries:
                    return $"{field} has {map.Count} entries; expected at most {MapEntries}";
                case IDictionary map:
                    foreach (DictionaryEntry entry in map)
                    {
                        if (entry.Key is string { Length: > Name } key)
                        {
                            return $"{field} has a name {key.Length} characters long; expected at most {Name}";
                        }

                        if (entry.Value is null)
                        {
                            return $"{field}.{entry.Key} has no value; expected text";
                        }

                        if (entry.Value is string { Length: > Value } value)
                        {
                            return $"{field}.{entry.Key} is {value.Length} characters long; expected at most {Value}";
                        }
                    }

                    break;
            }
        }

        return null;
    }

    private static string Snake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
