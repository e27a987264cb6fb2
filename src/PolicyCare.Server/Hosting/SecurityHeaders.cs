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

    /// <summary>
    /// A PDF (a letter, a receipt, a claim document) opened in the browser: Chrome shows it through its own viewer, an
    /// embedded plugin that <c>object-src 'none'</c> blocks ("this content is blocked", crbug.com/271452), and styles
    /// inline. The document runs none of our script; it still may not be framed by another site.
    /// </summary>
    private const string PdfPolicy = "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>
    /// The pay page's form is answered with a redirect to the payment provider's own page (WeChat Pay,
    /// Alipay, KakaoPay, a card gateway), and browsers hold a form's redirects to form-action too: that
    /// page alone may send its form on to an https address.
    /// </summary>
    private static readonly string PayPagePolicy = ContentSecurityPolicy.Replace("form-action 'self'", "form-action 'self' https:", StringComparison.Ordinal);

    private static bool IsPayPage(PathString path) =>
        path.StartsWithSegments("/my/policies", out var rest) && rest.Value is { } r && r.EndsWith("/pay", StringComparison.Ordinal) && r.Count(c => c == '/') == 2;

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/api/reference") ? ReferencePolicy
                : context.Response.ContentType is { } type && type.StartsWith("application/pdf", StringComparison.OrdinalIgnoreCase) ? PdfPolicy
                : IsPayPage(context.Request.Path) ? PayPagePolicy : ContentSecurityPolicy;
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
