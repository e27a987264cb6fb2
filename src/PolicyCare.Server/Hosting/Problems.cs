using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Json;

namespace PolicyCare.Hosting;

/// <summary>Errors as RFC 9457 problem details that name the field, never a 500 for bad input.</summary>
public static class Problems
{
    public const long MaxJsonBody = 1024 * 1024;
    public const long MaxFileBody = 256L * 1024 * 1024;

    /// <summary>Bank files and CSV uploads may be large; everything else stays under <see cref="MaxJsonBody"/>.</summary>
    public static void AllowLargeBody(HttpContext context)
    {
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxFileBody;
    }

    public static IResult Field(string field, string message, int status = StatusCodes.Status400BadRequest) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Title = status == StatusCodes.Status422UnprocessableEntity ? "The request cannot be processed" : "The request is not valid",
            Detail = $"{field}: {message}",
            Extensions = { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } },
        });

    public static IResult Conflict(string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Conflict", Detail = detail });

    /// <summary>Reads a JSON body strictly: not JSON, or too large, is a 400 naming the body.</summary>
    public static async Task<JsonDocument> ReadJsonAsync(HttpRequest request, CancellationToken cancel)
    {
        if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            throw new InputException("$", "the body must be application/json");
        try
        {
            return await JsonDocument.ParseAsync(request.Body, default, cancel);
        }
        catch (JsonException e)
        {
            throw new InputException("$", $"is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1})");
        }
    }
}

/// <summary>Turns the exceptions of bad input into 4xx problem details.</summary>
internal sealed class InputExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BankFileException file)
        {
            context.Response.StatusCode = 400;
            var fileDetails = new ProblemDetails
            {
                Status = 400, Title = "The file was not imported",
                Detail = file.Errors.Count == 1 ? file.Errors[0] : $"{file.Errors.Count} lines are not valid; the first: {file.Errors[0]}",
                Extensions = { ["errors"] = file.Errors.Take(100).ToList() },
            };
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = fileDetails, Exception = exception });
        }
        var (status, title, detail, field) = exception switch
        {
            InputException e => (400, "The request is not valid", e.Message, e.Path),
            UnknownPolicyException e => (404, "Not found", e.Message, null),
            BadHttpRequestException e when e.StatusCode == 413 => (413, "The body is too large", e.Message, "$"),
            BadHttpRequestException e => (400, "The request is not valid", e.Message, "$"),
            DbUpdateException => (409, "Conflict", "the request conflicts with data already stored (a duplicate reference or key)", null),
            _ => (0, "", "", null),
        };
        if (status == 0) return false;
        context.Response.StatusCode = status;
        var details = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (field is not null) details.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details, Exception = exception });
    }
}
