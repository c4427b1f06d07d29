using Fluid;
using Lifeline.Providers.Communications.Templates;

namespace Lifeline.Providers.Tests.Communications.Templates;

/// <summary>The catalog's template options, reached through the internal accessor.</summary>
internal static class TemplateOptionsForTests
{
    public static TemplateOptions Options => TemplateCatalog.Options;
}
