using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PolicyCare.Delinquency;
using PolicyCare.Notices;
using PolicyCare.Policies;

namespace PolicyCare.Hosting;

/// <summary>Marks an endpoint that takes an <c>Idempotency-Key</c> header (requests that move money).</summary>
public sealed class IdempotencyKeyRequired;

/// <summary>
/// What the OpenAPI document says beyond the endpoints themselves: how to authenticate (a bearer token
/// from sign-in or an external provider, or an integrator's API key) and which requests need an
/// Idempotency-Key, so a client generated from it sends what the server requires.
/// </summary>
public static class ApiDescription
{
    public const string Bearer = "bearer";
    public const string ApiKey = "apiKey";

    public static void AddSecuritySchemes(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [Bearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer",
                Description = "A token from POST /api/v1/auth/sign-in, or from the insurer's OpenID Connect provider where one is configured.",
            },
            [ApiKey] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = ApiKeyHandler.Header,
                Description = "An integrator's key (the policy administration system, a payment system).",
            },
        };
        // Either one: a requirement per scheme means "any of these".
        document.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKey, document)] = [] },
        ];
    }

    public static Task DescribeIdempotencyKey(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancel)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IdempotencyKeyRequired>().Any())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = Idempotency.Header, In = ParameterLocation.Header, Required = true,
                Description = "A unique value per payment (at most 200 characters), reused only to retry it: a retry gets the first answer and posts nothing twice.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 },
            });
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// The refusals every endpoint can give, stated where the server really gives them (each as an RFC
    /// 9457 problem): 401 without a valid token or key, 403 where a role is required, 404 where the
    /// address names a policy, customer or product (absent, or not the caller's to see), 400 where a
    /// body or query is read (the problem names the field). What an endpoint declares itself is kept.
    /// </summary>
    public static Task DescribeProblems(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancel)
    {
        var description = context.Description;
        if (description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) != true) return Task.CompletedTask;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        operation.Responses ??= new OpenApiResponses();
        void Add(int status, string why)
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (operation.Responses.ContainsKey(key)) return;
            operation.Responses[key] = new OpenApiResponse
            {
                Description = why,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) },
                },
            };
        }
        if (!metadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any())
        {
            Add(StatusCodes.Status401Unauthorized, "No valid bearer token or API key.");
            var roles = metadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any(a => !string.IsNullOrEmpty(a.Roles))
                || metadata.OfType<Microsoft.AspNetCore.Authorization.AuthorizationPolicy>()
                    .Any(p => p.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>().Any());
            if (roles) Add(StatusCodes.Status403Forbidden, "The caller's role may not do this.");
        }
        if (description.ParameterDescriptions.Any(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Path))
            Add(StatusCodes.Status404NotFound, "Not found, or not the caller's to see.");
        if (operation.RequestBody is not null || description.ParameterDescriptions.Any(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Query))
            Add(StatusCodes.Status400BadRequest, "A field is missing or not valid: the problem names it (errors by JSON path, or line and field for a file).");
        return Task.CompletedTask;
    }

    /// <summary>
    /// Fields whose values form a closed set of published codes ("in-force", "first-reminder") are given
    /// that set as an enum, from the same code tables the server reads and writes: a generated client
    /// gets the values, and the document cannot drift from them.
    /// </summary>
    public static Task DescribeCodes(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancel)
    {
        if (context.JsonPropertyInfo is not { } property || property.PropertyType != typeof(string)) return Task.CompletedTask;
        IReadOnlyCollection<string>? codes = (property.DeclaringType.Name, property.Name) switch
        {
            (nameof(NoticeView) or nameof(CallTaskView), "stage") => Stages.Table.Codes,
            (nameof(NoticeView), "channel") => Channels.Table.Codes,
            (nameof(NoticeView), "status") => NoticeStatuses.Table.Codes,
            (nameof(PolicyDetail) or nameof(PolicySummary), "status") => PolicyStatuses.Table.Codes,
            (nameof(PolicyDetail) or nameof(PolicySummary), "frequency") => Frequencies.Table.Codes,
            _ => null,
        };
        if (codes is not null) schema.Enum = codes.Select(c => (JsonNode)JsonValue.Create(c)).ToList();
        return Task.CompletedTask;
    }
}
