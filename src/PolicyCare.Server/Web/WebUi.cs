using PolicyCare.Billing;
using PolicyCare.Policies;
using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Hosting;
using PolicyCare.Notices;
using PolicyCare.Storage;

namespace PolicyCare.Web;

/// <summary>
/// The web UI: the customer portal and the back office as Blazor components rendered on the server
/// (plain HTML forms, so every page works without script), signed in with the Identity cookie,
/// in Chinese, Korean or English.
/// </summary>
public static class WebUi
{
    public const string CultureCookie = "policycare-language";

    public static IServiceCollection AddWebUi(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddCascadingAuthenticationState();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "policycare-session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/signin";
            // A signed-in user on another role's page is told so, not sent to sign in again.
            o.AccessDeniedPath = "/error/403";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Ui.Cultures.Select(c => new CultureInfo(c)).ToList();
            o.DefaultRequestCulture = new RequestCulture("en-US");
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.RequestCultureProviders = [new CookieRequestCultureProvider { CookieName = CultureCookie }, new AcceptLanguageHeaderRequestCultureProvider()];
        });
        return services;
    }

    private const string Favicon = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path d="M16 2 4 6v9c0 7.5 5.1 13.4 12 15 6.9-1.6 12-7.5 12-15V6z" fill="#1d4ed8"/><path d="m10 16 4 4 8-9" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/></svg>
        """;

    public static void SetCulture(HttpContext context, string culture) =>
        context.Response.Cookies.Append(CultureCookie, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });

    public static WebApplication MapWebUi(this WebApplication app)
    {
        // The mark in the browser's tab: a shield, drawn here rather than shipped as a binary.
        app.MapGet("/favicon.svg", () => Results.Text(Favicon, "image/svg+xml")).ExcludeFromDescription();
        app.MapGet("/favicon.ico", () => Results.Text(Favicon, "image/svg+xml")).ExcludeFromDescription();

        app.MapGet("/ui/app.css", () =>
        {
            using var stream = typeof(WebUi).Assembly.GetManifestResourceStream("app.css")!;
            using var reader = new StreamReader(stream);
            return Results.Text(reader.ReadToEnd(), "text/css; charset=utf-8");
        }).ExcludeFromDescription();

        // A plain GET form so the switch works without script; only our own pages are returned to.
        app.MapGet("/ui/language", (HttpContext context, string? culture, string? back) =>
        {
            // A language alone ("en", "zh", "ko") or any casing means the culture we have for it.
            if (culture is { Length: > 0 } && Ui.Cultures.FirstOrDefault(c => c.Equals(culture, StringComparison.OrdinalIgnoreCase)
                    || c.StartsWith(culture + "-", StringComparison.OrdinalIgnoreCase)) is { } known)
                SetCulture(context, known);
            return Results.LocalRedirect(back is { Length: > 0 } b && b.StartsWith('/') && !b.StartsWith("//", StringComparison.Ordinal) && !b.StartsWith("/\\", StringComparison.Ordinal) ? b : "/");
        }).ExcludeFromDescription();

        app.MapPost("/ui/sign-out", async (HttpContext context, SignInManager<UserAccount> signIn, IAntiforgery antiforgery) =>
        {
            // A forged or stale form is refused plainly (400), not failed with an exception.
            if (!await antiforgery.IsRequestValidAsync(context))
                return Results.Problem("the form is out of date or did not come from this site; reload the page and sign out again", statusCode: StatusCodes.Status400BadRequest);
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/signin");
        }).ExcludeFromDescription().DisableAntiforgery();

        // A notice the customer received, as the PDF letter it would be printed as.
        app.MapGet("/ui/documents/{id:long}", async (long id, HttpContext context, Database database, LetterSettings letters, CancellationToken cancel) =>
        {
            var customer = context.User.CustomerId();
            await using var db = database.Open();
            var notice = await db.Notices.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, cancel);
            var staff = context.User.IsStaff();
            if (notice is null || (!staff && notice.Recipient != customer)) return Results.NotFound();
            // Without the CJK font no letter can be set: say so plainly (the operator was told at start) instead of failing.
            if (!letters.FontInstalled)
                return Results.Problem("letters cannot be made on this server yet: its CJK font is not installed; please try again later or contact us", statusCode: StatusCodes.Status503ServiceUnavailable);
            var name = await db.Customers.AsNoTracking().Where(c => c.Id == notice.Recipient).Select(c => c.Name).FirstOrDefaultAsync(cancel) ?? "";
            var pdf = new LetterRenderer(letters).Render(notice, name);
            return InlineFile.Of(context, pdf, "application/pdf", $"notice-{notice.Id}-{notice.PlannedOn:yyyy-MM-dd}.pdf");
        }).RequireAuthorization().ExcludeFromDescription();

        // A receipt for a payment, for the policyholder (and staff), in the reader's language.
        app.MapGet("/ui/receipts/{id:long}", async (long id, HttpContext context, Database database, LetterSettings letters, CancellationToken cancel) =>
        {
            await using var db = database.Open();
            var payment = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancel);
            var policy = payment is null ? null : await db.Policies.AsNoTracking().FirstOrDefaultAsync(p => p.Number == payment.PolicyNumber, cancel);
            if (payment is null || policy is null || (!context.User.IsStaff() && context.User.CustomerId() != policy.HolderId)) return Results.NotFound();
            if (!letters.FontInstalled)
                return Results.Problem("receipts cannot be made on this server yet: its CJK font is not installed; please try again later or contact us", statusCode: StatusCodes.Status503ServiceUnavailable);
            var holder = await db.Customers.AsNoTracking().Where(c => c.Id == policy.HolderId).Select(c => c.Name).FirstOrDefaultAsync(cancel) ?? "";
            var currency = await db.CurrencyOfAsync(policy.Number, cancel);
            var letter = Receipts.For(payment, currency, holder, Ui.PaymentMethodName(payment.Method), Ui.Locale);
            return InlineFile.Of(context, new LetterRenderer(letters).Render(letter), "application/pdf", $"receipt-{Receipts.Number(payment)}.pdf");
        }).RequireAuthorization().ExcludeFromDescription();

        // The monthly review as a file: a PDF set in the CJK font, or CSV for a spreadsheet — the page's figures, the reader's language.
        app.MapGet("/ui/review/{month}.{format}", async (string month, string format, Database database, TimeProvider time, LetterSettings letters, CancellationToken cancel) =>
        {
            if (format is not ("pdf" or "csv")) return Results.NotFound();
            await using var db = database.Open();
            var today = await Access.TodayAsync(db, time, cancel);
            if (!DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first) || first > today)
                return Results.Problem($"month: '{month}' is not a month up to this one (yyyy-MM)", statusCode: StatusCodes.Status400BadRequest);
            var review = await Insights.MonthlyReviews.ForMonthAsync(db, first, today, cancel);
            if (format == "csv")
                return Results.File(System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(ReviewReport.Csv(review))).ToArray(),
                    "text/csv; charset=utf-8", $"review-{month}.csv");
            if (!letters.FontInstalled)
                return Results.Problem("the review cannot be set as a PDF on this server yet: its CJK font is not installed; download the CSV instead", statusCode: StatusCodes.Status503ServiceUnavailable);
            return Results.File(ReviewReport.Pdf(review, new LetterRenderer(letters), today), "application/pdf", $"review-{month}.pdf");
        }).RequireAuthorization(p => p.RequireRole(Roles.CollectionsDesk.Split(','))).ExcludeFromDescription();

        app.MapRazorComponents<App>();
        return app;
    }
}
