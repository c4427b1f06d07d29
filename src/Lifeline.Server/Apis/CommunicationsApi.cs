using Lifeline.Engine.Calendar.Communications;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lifeline.Server.Apis;

/// <summary>
/// <c>POST /api/communications/ack/{token}</c>: a recipient of the communications test acknowledges it through the link
/// in their notice. The link's unguessable token is the credential (recipients have no account), so the endpoint is
/// anonymous; a GET does nothing, because mail scanners open links.
/// </summary>
internal static class CommunicationsApi
{
    public static RouteGroupBuilder MapCommunicationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/communications").WithTags("Communications").WithBodyLimits();
        api.MapPost("/ack/{token}", Acknowledge).AllowAnonymous()
            .WithSummary("Acknowledge a communications test notice through the token of its link. Idempotent: the first time stands.");
        return api;
    }

    private static async Task<Results<Ok<Acknowledgement>, NotFound>> Acknowledge(string token, AcknowledgementBook book, TimeProvider time, CancellationToken cancellationToken) =>
        await book.AcknowledgeAsync(token, time.GetUtcNow(), cancellationToken) is { } acknowledgement ? TypedResults.Ok(acknowledgement) : TypedResults.NotFound();
}
