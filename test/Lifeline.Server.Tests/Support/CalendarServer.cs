namespace Lifeline.Server.Tests.Support;

/// <summary>A <see cref="ServerFixture"/> whose estate has a testing calendar: a monthly drill of the echo plan and a yearly review.</summary>
public sealed class CalendarServer : ServerFixture
{
    public const string Calendar = """

        calendar:
          echo-drill:
            description: Monthly echo drill
            cadence: "0 2 1 * *"
            owner: ops
            drill: echo
          annual-review:
            description: Annual plan review
            cadence: "0 0 15 3 *"
            owner: cto
            task: Review the plans and the objectives
            checklist: [Review RTOs and RPOs, Update contacts]
            due-within: 30d
        """;

    protected override Task WriteEstateAsync(string estateDirectory) =>
        File.AppendAllTextAsync(Path.Combine(estateDirectory, "estate.yaml"), Calendar);
}
