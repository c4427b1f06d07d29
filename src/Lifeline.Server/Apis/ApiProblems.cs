using Lifeline.Engine.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lifeline.Server.Apis;

/// <summary>Expected failures as RFC 9457 problem details, with the status code that says what kind they are.</summary>
internal static class ApiProblems
{
    public static ProblemHttpResult NotFound(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult BadRequest(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");

    public static ProblemHttpResult Forbidden(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    public static ProblemHttpResult Conflict(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    public static ProblemHttpResult NotImplemented(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status501NotImplemented, title: "Not implemented");

    public static ProblemHttpResult Unauthorized(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");

    public static ProblemHttpResult From(DecisionError error) => error.Kind switch
    {
        DecisionErrorKind.NotFound => NotFound(error.Message),
        DecisionErrorKind.Forbidden => Forbidden(error.Message),
        DecisionErrorKind.Conflict => Conflict(error.Message),
        _ => BadRequest(error.Message),
    };
}
