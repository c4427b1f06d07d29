using Lifeline.Core.Diagnostics;
using Lifeline.Core.Estates;

namespace Lifeline.Core.PlanFiles;

/// <summary>Checks that names used in one place are declared in another, with did-you-mean.</summary>
internal static class References
{
    public static void Contact(DiagnosticList diagnostics, KeyedLocation name, IReadOnlyList<Contact> contacts)
    {
        if (contacts.All(c => c.Id != name.Name))
        {
            var ids = contacts.Select(c => c.Id).ToList();
            diagnostics.Error(name.Location, $"unknown contact '{name.Name}'{Suggestions.DidYouMean(name.Name, ids)}", ids.Count == 0 ? "a contact declared under contacts: in the estate" : ShapeText.OneOf(ids));
        }
    }
}
