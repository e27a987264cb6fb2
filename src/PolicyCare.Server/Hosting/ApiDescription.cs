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
