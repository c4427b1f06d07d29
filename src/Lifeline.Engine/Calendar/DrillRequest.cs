using Lifeline.Core.Estates;
using Lifeline.Core.PlanFiles;

namespace Lifeline.Engine.Calendar;

/// <summary>A calendar drill that fell due: which item, which plan, where (sandbox or a game day) and when it was due.</summary>
public sealed record DrillRequest(LoadedEstate Estate, CalendarItem Item, string Scenario, CalendarMode Mode, DateTimeOffset DueAt);
