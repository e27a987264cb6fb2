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
        return app;
    }

    private static string LocaleOf(string? asked) =>
        asked is { } l && LocalFormat.IsSupported(l) ? l : LocalFormat.IsSupported(CultureInfo.CurrentUICulture.Name) ? CultureInfo.CurrentUICulture.Name : "en-US";

    private static async Task<IResult> GetAsync(Database database, ClaimsPrincipal user, string number, string? locale, CancellationToken cancel)
    {
        await using var db = database.Open();
        var policy = await db.FindVisiblePolicyAsync(user, number, cancel);
        if (policy is null) return TypedResults.NotFound();
        var product = (await db.Products.FindAsync([policy.ProductCode], cancel))!.ToProduct();
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
        if (user.CustomerId() is not null ? !user.IsHolderOf(policy) : !Roles.PolicyServicers.Any(user.IsInRole))
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
        var refusal = await RenewalDesk.AnswerAsync(db, number, answer, channel, user.Identity?.Name ?? "integrator", consent, reason, today, time.GetUtcNow(), cancel: cancel);
        if (refusal != RenewalRefusal.None) return Problems.Conflict(Explain(refusal));
        db.ChangeTracker.Clear();
        var stored = (await db.FindVisiblePolicyAsync(user, number, cancel))!;
        var product = (await db.Products.FindAsync([stored.ProductCode], cancel))!.ToProduct();
        return TypedResults.Ok(RenewalDesk.View(stored, stored.ToTerms(product), LocaleOf(context.Request.Query["locale"])));
    }
}
