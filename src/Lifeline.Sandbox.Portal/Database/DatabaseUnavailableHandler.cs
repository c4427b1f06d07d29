using Lifeline.Sandbox.Portal.Hosting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Lifeline.Sandbox.Portal.Database;

/// <summary>
/// Database failures (down, read-only standby, timeout) become 503 ProblemDetails at the HTTP edge: the client may
/// retry elsewhere. Never a stack trace.
/// </summary>
internal sealed class DatabaseUnavailableHandler(IProblemDetailsService problems, ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (NpgsqlException or TimeoutException))
            return false;

        var reason = exception is PostgresException pg ? $"{pg.SqlState}: {pg.MessageText}" : exception.Message;
        Log.DatabaseUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, reason);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Database unavailable",
                Detail = reason,
            },
        });
    }
}
