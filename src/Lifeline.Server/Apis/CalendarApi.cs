using Lifeline.Server.Calendar;
using Lifeline.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lifeline.Server.Apis;

/// <summary>
/// <c>GET /api/calendar</c>: every served estate's testing calendar, per item its kind, owner, cadence, last drill and
/// next due, computed from the run store and the cadence.
/// </summary>
internal static class CalendarApi
{
    public static RouteGroupBuilder MapCalendarApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/calendar").WithTags("Calendar").RequireAuthorization(Roles.Policy(Role.Viewer)).WithBodyLimits();
        api.MapGet("/", List);
        return api;
    }

    private static async Task<Ok<IReadOnlyList<CalendarItemView>>> List(CalendarBoard calendar, CancellationToken cancellationToken) =>
        TypedResults.Ok(await calendar.ListAsync(cancellationToken));
}
