using System.Globalization;
using System.Text.Json;
using Lifeline.Cli.Hosting;
using Lifeline.Cli.Rendering;
using Lifeline.Engine.Incidents;
using Spectre.Console;

namespace Lifeline.Cli.Remote;

/// <summary><c>lifeline incident list|show</c> against a server, printed as locally.</summary>
internal static class RemoteIncidents
{
    public static async Task<int> ListAsync(RemoteTarget target, bool json, CancellationToken cancellationToken)
    {
        using var client = new LifelineClient(target);
        var listed = await client.GetAsync<IReadOnlyList<Incident>>("api/incidents", cancellationToken);
        if (listed.Value is not { } all)
        {
            return RemoteRuns.Fail(listed.Error!);
        }

        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(all, IncidentJson.Default.IReadOnlyListIncident));
            return ExitCodes.Success;
        }

        var table = new Table().AddColumns("Incident", "Severity", "Status", "Title", "Opened", "Commander", "Runs");
        foreach (var i in all)
        {
            table.AddRow(i.Id, i.Severity, IncidentService.Name(i.Status), Markup.Escape(i.Title), i.OpenedAt.ToString("u", CultureInfo.InvariantCulture), Markup.Escape(i.Commander), i.Runs.Count.ToString(CultureInfo.InvariantCulture));
        }

        Terminal.Out.Write(table);
        return ExitCodes.Success;
    }

    public static async Task<int> ShowAsync(RemoteTarget target, string incidentId, bool json, CancellationToken cancellationToken)
    {
        using var client = new LifelineClient(target);
        var shown = await client.GetAsync<IncidentView>("api/incidents/" + Uri.EscapeDataString(incidentId), cancellationToken);
        if (shown.Value is not { } view)
        {
            return RemoteRuns.Fail(shown.Error!);
        }

        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(view, IncidentJson.Default.IncidentView));
            return ExitCodes.Success;
        }

        IncidentRenderer.Write(view);
        return ExitCodes.Success;
    }
}
