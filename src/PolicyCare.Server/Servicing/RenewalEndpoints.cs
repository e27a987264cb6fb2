using System.Globalization;
using System.Security.Claims;
using PolicyCare.Hosting;
using PolicyCare.Json;
using PolicyCare.Notices;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Servicing;

/// <summary>
/// The renewal through the API: read the offer with its reasons and payment options (in the language asked for),
/// accept it with the consent words the customer saw, decline it with a reason, or lock the rate. The holder, or a
/// service agent for them.
/// </summary>
public static class RenewalEndpoints
{
    public static IEndpointRouteBuilder MapRenewalEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/policies/{number}/renewal").WithTags("Servicing").RequireAuthorization();
        group.MapGet("/", GetAsync).Produces<RenewalView>();
        group.MapPost("/acceptance", (Database d, TimeProvider t, HttpContext c, string number, CancellationToken x) => AnswerAsync(d, t, c, number, "accepted", x))
            .Produces<RenewalView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/decline", (Database d, TimeProvider t, HttpContext c, string number, CancellationToken x) => AnswerAsync(d, t, c, number, "declined", x))
            .Produces<RenewalView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/rate-lock", (Database d, TimeProvider t, HttpContext c, string number, CancellationToken x) => AnswerAsync(d, t, c, number, "rate-lock", x))
            .Produces<RenewalView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        app.MapPost("/api/v1/products/{code}/renewal-adjustments", AdjustAsync).WithTags("Servicing")
            .RequireAuthorization(p => p.RequireRole(Roles.PricingApprovers))
            .Produces<AdjustmentPreview>().ProducesProblem(StatusCodes.Status400BadRequest);
        app.MapGet("/api/v1/insights/renewals", FiguresAsync).WithTags("Insights").RequireAuthorization(p => p.RequireRole(Roles.Staff))
            .Produces<List<RenewalFigures>>().ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    /// <summary>Previews a product-wide adjustment (how many customers, how much premium), and publishes it when asked.</summary>
    private static async Task<IResult> AdjustAsync(Database database, TimeProvider time, HttpContext context, string code, CancellationToken cancel)
    {
        using var body = await Problems.ReadJsonAsync(context.Request, cancel);
        var o = new StrictObject(body.RootElement, "$", "from", "factor", "reason", "publish");
        var adjustment = ParseAdjustment(o);
        await using var db = database.Open();
        if (await db.Products.FindAsync([code], cancel) is null) return TypedResults.NotFound();
        var today = await Access.TodayAsync(db, time, cancel);
        return TypedResults.Ok(o.OptionalBool("publish") == true
            ? await RenewalPricing.PublishAsync(db, code, adjustment, context.User.Identity?.Name ?? "supervisor", time, today, cancel)
            : await RenewalPricing.PreviewAsync(db, code, adjustment, today, cancel));
    }

    /// <summary>An adjustment as a product file writes it (from, factor, reason), with the same checks.</summary>
    public static PriceAdjustment ParseAdjustment(StrictObject o)
    {
        var text = o.RequiredString("factor");
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var factor) || factor <= 0 || factor > 10)
            throw new InputException(o.At("factor"), "must be a factor above 0, such as \"1.08\"", StrictObject.Quote(text));
        var reason = o.RequiredString("reason").Trim();
        if (reason.Length is 0 or > 40 || reason is Renewals.AgeBand or Renewals.RateLockReason or Renewals.MaxAgeReason || reason.Any(char.IsWhiteSpace))
            throw new InputException(o.At("reason"), "must be one word of 1 to 40 characters (such as medical-inflation), other than age-band, rate-lock and max-age", StrictObject.Quote(reason));
        return new PriceAdjustment(o.RequiredDate("from"), factor, reason);
    }

    private static async Task<IResult> FiguresAsync(Database database, TimeProvider time, string? from, string? to, CancellationToken cancel)
    {
        await using var db = database.Open();
        var today = await Access.TodayAsync(db, time, cancel);
        var (first, last) = Insights.ReportPeriod.Parse(from, to, today, days: 365);
        return TypedResults.Ok(await RenewalPricing.FiguresAsync(db, first, last, cancel));
    }

    private static string LocaleOf(string? asked) =>
        asked is { } l && LocalFormat.IsSupported(l) ? l : LocalFormat.IsSupported(CultureInfo.CurrentUICulture.Name) ? CultureInfo.CurrentUICulture.Name : "en-US";

    private static async Task<IResult> GetAsync(Database database, ClaimsPrincipal user, string number, string? locale, CancellationToken cancel)
    {
        await using var db = database.Open();
        var policy = await db.FindVisiblePolicyAsync(user, number, cancel);
        if (policy is null) return TypedResults.NotFound();
        var product = (await ReferenceData.CurrentAsync(db, cancel)).Products[policy.ProductCode];
        return TypedResults.Ok(RenewalDesk.View(policy, policy.ToTerms(product), LocaleOf(locale)));
    }

    /// <summary>What a refusal says, for the API and the pages alike.</summary>
    public static string Explain(RenewalRefusal refusal) => refusal switch
    {
        RenewalRefusal.NoOffer => "there is no renewal offer open on this policy",
        RenewalRefusal.NotOffered => "this policy cannot renew: the insured is past the product's maximum renewal age",
        RenewalRefusal.AlreadyAccepted => "the renewal was already accepted",
        RenewalRefusal.AlreadyDeclined => "the renewal was declined; to renew after all, contact the service line",
        RenewalRefusal.NoRateLock => "this product offers no rate lock, or one is already running",
        RenewalRefusal.PriceRose => "the offer has changed since this link was sent",
        _ => "",
    };

    private static async Task<IResult> AnswerAsync(Database database, TimeProvider time, HttpContext context, string number, string answer, CancellationToken cancel)
    {
        var user = context.User;
        await using var db = database.Open();
        var policy = await db.FindVisiblePolicyAsync(user, number, cancel);
        if (policy is null) return TypedResults.NotFound();
        if (!user.ServicesPolicy(policy))
            return Problems.Field("number", "only the policyholder, or a service agent for them, answers a renewal", StatusCodes.Status403Forbidden);
        using var body = await Problems.ReadJsonAsync(context.Request, cancel);
        string? consent = null, reason = null;
        switch (answer)
        {
            case "accepted":
                consent = new StrictObject(body.RootElement, "$", "consentText").RequiredString("consentText").Trim();
                if (consent.Length < 10) return Problems.Field("$.consentText", "must be the consent text the customer agreed to");
                break;
            case "declined":
                reason = new StrictObject(body.RootElement, "$", "reason").OptionalString("reason")?.Trim();
                if (reason is { Length: > 500 }) return Problems.Field("$.reason", "must be at most 500 characters");
                break;
            default:
                _ = new StrictObject(body.RootElement, "$");
                break;
        }
        var today = await Access.TodayAsync(db, time, cancel);
        var channel = user.CustomerId() is not null ? "portal" : user.IsInRole(Roles.Integrator) ? "api" : "office";
        var refusal = await RenewalDesk.AnswerAsync(db, number, answer, channel, user.Identity?.Name ?? "integrator", consent, reason, today, time.GetUtcNow(), cancel: cancel,
            via: channel == "portal" ? "push" : null);
        if (refusal != RenewalRefusal.None) return Problems.Conflict(Explain(refusal));
        db.ChangeTracker.Clear();
        var stored = (await db.FindVisiblePolicyAsync(user, number, cancel))!;
        var product = (await db.Products.FindAsync([stored.ProductCode], cancel))!.ToProduct();
        return TypedResults.Ok(RenewalDesk.View(stored, stored.ToTerms(product), LocaleOf(context.Request.Query["locale"])));
    }
}
