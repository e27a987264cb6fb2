namespace PolicyCare.Hosting;

/// <summary>
/// The headers every answer carries. The pages run no script at all, so the policy allows none;
/// the one inline style is a bar's width in a chart. The API reference page (Scalar) brings its
/// own script and keeps a looser policy of its own.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'none'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
        + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private const string ReferencePolicy = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/api/reference") ? ReferencePolicy : ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            // Addresses carry policy numbers: they are not handed to other sites.
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers.Remove("Server");
            return Task.CompletedTask;
        });
        return next(context);
    });
}
