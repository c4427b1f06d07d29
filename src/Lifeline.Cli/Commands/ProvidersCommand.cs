using System.CommandLine;
using Lifeline.Cli.Hosting;
using Lifeline.Cli.Rendering;
using Lifeline.Core.Diagnostics;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Cli.Commands;

/// <summary>
/// <c>lifeline providers [NAME]</c>: the catalogue validation checks plans against — settings, operations, probes,
/// their inputs, outputs and observed fields, and whether each provider executes here or only describes.
/// </summary>
internal static class ProvidersCommand
{
    public static Command Create(CliServices services)
    {
        var name = new Argument<string?>("name") { Description = "One provider (default: all).", Arity = ArgumentArity.ZeroOrOne };
        var markdown = new Option<bool>("--markdown") { Description = "Print Markdown (docs/providers.md is this output)." };
        var command = new Command("providers", "List the providers, their settings, operations, probes, inputs, outputs and observed fields.") { name, markdown };
        command.SetAction(parse =>
        {
            var all = services.Providers.Descriptors;
            var selected = all;
            if (parse.GetValue(name) is { } wanted)
            {
                if (services.Providers.Find(wanted) is not { } provider)
                {
                    var names = all.Select(d => d.Name).Order(StringComparer.Ordinal).ToList();
                    Terminal.Fail($"no provider '{wanted}'{Suggestions.DidYouMean(wanted, names)}; expected one of {string.Join(", ", names)}");
                    return ExitCodes.BadInput;
                }

                selected = [provider];
            }

            if (GlobalOptions.Json(parse))
            {
                Console.Out.Write(CatalogWriter.Json(selected));
            }
            else if (parse.GetValue(markdown) || selected.Count == 1)
            {
                Console.Out.Write(selected.Count == 1 ? CatalogWriter.Markdown(selected.First()) : CatalogWriter.Markdown(selected));
            }
            else
            {
                foreach (var provider in selected.OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    var offers = provider.Operations.Select(o => o.Name).Concat(provider.Probes.Select(p => p.Name));
                    Console.Out.WriteLine($"{provider.Name,-20} {(provider.CanExecute ? "executes " : "describes")}  {string.Join(", ", offers)}");
                }

                Console.Out.WriteLine();
                Console.Out.WriteLine("lifeline providers NAME shows one provider's settings, inputs, outputs and fields.");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
