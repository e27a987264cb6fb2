using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Delinquency;
using PolicyCare.Hosting;
using PolicyCare.Json;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Billing;

public sealed record PlanView(string Policy, DateOnly AgreedOn, string Amount, IReadOnlyList<PlanPartView> Parts);
public sealed record PlanPartView(DateOnly DueDate, string Amount);
public sealed record HolidayView(string Policy, int Installment, DateOnly DueDate, DateOnly Until);
public sealed record AlternativesView(string Policy, DateOnly On, int CompletedYears, string CashValue, string MaxPolicyLoan, string PaidUpSumInsured,
    bool AutomaticPremiumLoan, int InstallmentsAutomaticLoanCovers, string Arrears);

/// <summary>Arrears relief within the product's rules: payment plans, payment holidays, and the alternatives to a lapse.</summary>
public static class ReliefEndpoints
{
    private static readonly string[] Agents = [Roles.CollectionsAgent, Roles.ServiceAgent, Roles.Admin];

    public static IEndpointRouteBuilder MapReliefEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/policies/{number}").WithTags("Billing").RequireAuthorization();
        group.MapPost("/payment-plan", AgreePlanAsync).Accepts<PlanInput>("application/json");
        group.MapPost("/payment-holiday", GrantHolidayAsync).Accepts<HolidayInput>("application/json");
        group.MapGet("/alternatives", AlternativesAsync).WithTags("Delinquency");
        return app;
    }

    public sealed record PlanInput(int Installments);
    public sealed record HolidayInput(int Days);

    private static async Task<IResult> AgreePlanAsync(Database database, TimeProvider time, ClaimsPrincipal user, HttpRequest request, string number, CancellationToken cancel) =>
        await ChangeAsync(database, time, user, request, number, "installments", Relief.AgreePlan, DescribePlan, cancel);

    /// <summary>Agrees a payment plan of so many parts over what is overdue (the portal and the collections worklist).</summary>
    public static Task<object> OfferPlanAsync(PolicyCareDb db, string number, DateOnly today, int parts, CancellationToken cancel) =>
        ApplyAsync(db, number, today, parts, Relief.AgreePlan, DescribePlan, cancel);

    /// <summary>Defers the overdue premium by so many days.</summary>
    public static Task<object> DeferAsync(PolicyCareDb db, string number, DateOnly today, int days, CancellationToken cancel) =>
        ApplyAsync(db, number, today, days, Relief.GrantHoliday, DescribeHoliday, cancel);

    private static (string Kind, JsonObject Data, object View) DescribePlan(PolicyTerms terms, Delinquency.PolicyStanding s)
    {
        var plan = s.Plan!;
        return ("payment-plan-agreed", new JsonObject
        {
            ["amount"] = Currencies.Format(plan.Amount, terms.Currency),
            ["parts"] = plan.Parts.Count,
            ["lastDueDate"] = plan.Parts[^1].DueDate.ToString("yyyy-MM-dd", null),
        }, new PlanView(terms.Number, plan.AgreedOn, Currencies.Format(plan.Amount, terms.Currency),
            plan.Parts.Select(p => new PlanPartView(p.DueDate, Currencies.Format(p.Amount, terms.Currency))).ToList()));
    }

    private static async Task<IResult> GrantHolidayAsync(Database database, TimeProvider time, ClaimsPrincipal user, HttpRequest request, string number, CancellationToken cancel) =>
        await ChangeAsync(database, time, user, request, number, "days", Relief.GrantHoliday, DescribeHoliday, cancel);

    private static (string Kind, JsonObject Data, object View) DescribeHoliday(PolicyTerms terms, Delinquency.PolicyStanding s)
    {
        var h = s.Holiday!;
        return ("payment-holiday-granted", new JsonObject
        {
            ["installment"] = h.Sequence,
            ["dueDate"] = terms.DueDate(h.Sequence).ToString("yyyy-MM-dd", null),
            ["until"] = h.Until.ToString("yyyy-MM-dd", null),
        }, new HolidayView(terms.Number, h.Sequence, terms.DueDate(h.Sequence), h.Until));
    }

    /// <summary>Loads the policy, applies one relief decision of the core, records it in the timeline; refusals are 422 naming the rule.</summary>
    private static async Task<IResult> ChangeAsync(Database database, TimeProvider time, ClaimsPrincipal user, HttpRequest request, string number, string field,
        Func<PolicyTerms, Delinquency.PolicyStanding, DateOnly, int, Delinquency.PolicyStanding> decide,
        Func<PolicyTerms, Delinquency.PolicyStanding, (string Kind, JsonObject Data, object View)> describe, CancellationToken cancel)
    {
        await using var db = database.Open();
        if (await db.FindVisiblePolicyAsync(user, number, cancel) is null) return TypedResults.NotFound();
        if (user.IsStaff() && !user.IsAnyOf(Agents)) return TypedResults.Forbid();
        using var body = await Problems.ReadJsonAsync(request, cancel);
        var o = new StrictObject(body.RootElement, "$", field);
        var value = o.OptionalInt(field) ?? throw new InputException($"$.{field}", "is required");
        var today = await Access.TodayAsync(db, time, cancel);
        try
        {
            return TypedResults.Ok(await ApplyAsync(db, number, today, value, decide, describe, cancel));
        }
        catch (ReliefRefusedException e)
        {
            return Problems.Field(e.Field == field ? $"$.{field}" : e.Field, e.Message, StatusCodes.Status422UnprocessableEntity);
        }
    }

    /// <summary>Applies one relief decision of the core and records it; a refusal is thrown as <see cref="ReliefRefusedException"/>.</summary>
    public static async Task<object> ApplyAsync(PolicyCareDb db, string number, DateOnly today, int value,
        Func<PolicyTerms, Delinquency.PolicyStanding, DateOnly, int, Delinquency.PolicyStanding> decide,
        Func<PolicyTerms, Delinquency.PolicyStanding, (string Kind, JsonObject Data, object View)> describe, CancellationToken cancel)
    {
        var policy = await db.PolicyForChangeAsync(number, cancel) ?? throw new UnknownPolicyException(number);
        var terms = policy.ToTerms((await db.Products.FindAsync([policy.ProductCode], cancel))!.ToProduct());
        var after = decide(terms, policy.ToStanding(), today, value);
        policy.Store(after);
        policy.NextReviewOn = Collections.Earlier(policy.NextReviewOn, today);
        var (kind, data, view) = describe(terms, after);
        db.Timeline.Add(Timeline.Entry(number, today, kind, await Timeline.NextEventSeqAsync(db, number, today, cancel), data));
        await db.SaveChangesAsync(cancel);
        return view;
    }

    private static async Task<IResult> AlternativesAsync(Database database, TimeProvider time, ClaimsPrincipal user, string number, CancellationToken cancel)
    {
        await using var db = database.Open();
        var policy = await db.FindVisiblePolicyAsync(user, number, cancel);
        if (policy is null) return TypedResults.NotFound();
        var terms = policy.ToTerms((await db.Products.FindAsync([policy.ProductCode], cancel))!.ToProduct());
        var today = await Access.TodayAsync(db, time, cancel);
        var quote = AlternativeQuotes.Quote(terms, policy.ToStanding(), today);
        if (quote is null) return Problems.Conflict($"product {terms.Product.Code} has no cash values, so no loan or paid-up alternative");
        string M(decimal amount) => Currencies.Format(amount, terms.Currency);
        return TypedResults.Ok(new AlternativesView(number, quote.On, quote.CompletedYears, M(quote.CashValue), M(quote.MaxPolicyLoan), M(quote.PaidUpSumInsured),
            quote.AutomaticPremiumLoanAvailable, quote.InstallmentsAutomaticLoanCovers, M(quote.Arrears)));
    }
}
