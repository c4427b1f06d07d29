using System.Reflection;
using Fluid;

namespace Lifeline.Providers.Communications.Templates;

/// <summary>
/// The runbooks' message templates (Liquid, shipped inside this assembly) and the one way to render them. A template's
/// first line is <c>SUBJECT: …</c>; the rest is the body. Templates see only <see cref="MessageModel"/>'s allow-listed
/// members (<see cref="MessageModelMembers"/>): the template options register nothing else, and the model itself is not
/// opened to them, so a reference to a step output or a patient field renders empty — and <see cref="Validate"/>
/// names it.
/// </summary>
public static class TemplateCatalog
{
    private const string ResourcePrefix = "Lifeline.Templates.";
    private const string ResourceSuffix = ".liquid";
    private const string SubjectPrefix = "SUBJECT:";

    private static readonly FluidParser Parser = new();
    internal static readonly TemplateOptions Options = CreateOptions();
    private static readonly Lazy<IReadOnlyDictionary<string, IFluidTemplate>> Templates = new(LoadAll);

    /// <summary>The names of the shipped templates: axis-initial, axis-status-update, axis-recovery-complete, medzen-internal-status, medzen-user-notification, medzen-post-incident-review.</summary>
    public static IReadOnlyCollection<string> Names => [.. Templates.Value.Keys];

    /// <summary>Renders the shipped template <paramref name="name"/> with <paramref name="model"/>.</summary>
    /// <exception cref="KeyNotFoundException">No template has that name (a bug in the caller).</exception>
    public static RenderedMessage Render(string name, MessageModel model)
    {
        if (!Templates.Value.TryGetValue(name, out var template))
            throw new KeyNotFoundException($"no message template '{name}'; there are {string.Join(", ", Names)}");
        return Render(template, model);
    }

    /// <summary>Parses and checks a template's text; returns the errors (syntax, or fields off the allow-list), none if it is fit to use.</summary>
    public static IReadOnlyList<string> Validate(string templateText)
    {
        ArgumentNullException.ThrowIfNull(templateText);
        if (!Parser.TryParse(templateText, out var template, out var error))
            return [$"not valid Liquid: {error}"];
        var errors = AllowListChecker.Check(template).ToList();
        if (!templateText.TrimStart().StartsWith(SubjectPrefix, StringComparison.Ordinal))
            errors.Add($"the first line must be '{SubjectPrefix} …'");
        return errors;
    }

    /// <summary>Validates and renders a template's text, for templates an estate brings along; errors come back as a value.</summary>
    public static (RenderedMessage? Message, IReadOnlyList<string> Errors) RenderText(string templateText, MessageModel model)
    {
        var errors = Validate(templateText);
        if (errors.Count > 0)
            return (null, errors);
        return (Render(Parser.Parse(templateText), model), []);
    }

    private static RenderedMessage Render(IFluidTemplate template, MessageModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        // allowModelMembers: false — the model's members are reachable only through the registered allow-list.
        var context = new TemplateContext(model, Options, allowModelMembers: false);
        var text = template.Render(context, NullEncoder.Default).Replace("\r\n", "\n", StringComparison.Ordinal);
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        var first = newline < 0 ? text : text[..newline];
        var rest = newline < 0 ? "" : text[(newline + 1)..];
        return first.StartsWith(SubjectPrefix, StringComparison.Ordinal)
            ? new RenderedMessage(first[SubjectPrefix.Length..].Trim(), rest.Trim('\n') + "\n")
            : new RenderedMessage("", text.Trim('\n') + "\n");
    }

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions { MemberAccessStrategy = new DefaultMemberAccessStrategy() };
        foreach (var (name, read) in MessageModelMembers.Model)
            options.MemberAccessStrategy.Register<MessageModel, object>(name, read);
        foreach (var (name, read) in MessageModelMembers.Phase)
            options.MemberAccessStrategy.Register<MessagePhase, object>(name, read);
        return options;
    }

    private static Dictionary<string, IFluidTemplate> LoadAll()
    {
        var assembly = typeof(TemplateCatalog).Assembly;
        var templates = new Dictionary<string, IFluidTemplate>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..^ResourceSuffix.Length];
            var text = Read(assembly, resource);
            var errors = Validate(text);
            if (errors.Count > 0)
                throw new InvalidOperationException($"shipped template '{name}' is invalid: {string.Join("; ", errors)}");
            templates[name] = Parser.Parse(text);
        }

        return templates;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
