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
        group.MapPost("/payment-plan", AgreePlanAsync).Accepts<PlanInput>("application/json").Produces<PlanView>().ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/payment-holiday", GrantHolidayAsync).Accepts<HolidayInput>("application/json").Produces<HolidayView>().ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/alternatives", AlternativesAsync).WithTags("Delinquency").Produces<AlternativesView>();
        return app;
    }

    public sealed record PlanInput(int Installments);
    public sealed record HolidayInput(int Days);

    private static async Task<IResult> AgreePlanAsync(Database database, TimeProvider time, ClaimsPrincipal user, HttpRequest request, string number, CancellationToken cancel) =>
        await ChangeAsync(database, time, user, request, number, "installments", (db, today, parts) => ArrearsRelief.OfferPlanAsync(db, number, today, parts, cancel), cancel);

    private static async Task<IResult> GrantHolidayAsync(Database database, TimeProvider time, ClaimsPrincipal user, HttpRequest request, string number, CancellationToken cancel) =>
        await ChangeAsync(database, time, user, request, number, "days", (db, today, days) => ArrearsRelief.DeferAsync(db, number, today, days, cancel), cancel);

    /// <summary>Checks who asks and what, then applies one relief decision; refusals are 422 naming the rule.</summary>
    private static async Task<IResult> ChangeAsync<TView>(Database database, TimeProvider time, ClaimsPrincipal user, HttpRequest request, string number, string field,
        Func<PolicyCareDb, DateOnly, int, Task<TView>> apply, CancellationToken cancel)
    {
        await using var db = database.Open();
        if (await db.FindVisiblePolicyAsync(user, number, cancel) is not { } policy) return TypedResults.NotFound();
        if (user.IsStaff() && !user.IsAnyOf(Agents)) return TypedResults.Forbid();
        if (user.RefuseUnlessHolder(policy) is { } refused) return refused;
        using var body = await Problems.ReadJsonAsync(request, cancel);
        var o = new StrictObject(body.RootElement, "$", field);
        var value = o.OptionalInt(field) ?? throw new InputException($"$.{field}", "is required");
        var today = await Access.TodayAsync(db, time, cancel);
        try
        {
            return TypedResults.Ok(await apply(db, today, value));
        }
        catch (ReliefRefusedException e)
        {
            return Problems.Field(e.Field == field ? $"$.{field}" : e.Field, e.Message, StatusCodes.Status422UnprocessableEntity);
        }
    }

    private static async Task<IResult> AlternativesAsync(Database database, TimeProvider time, ClaimsPrincipal user, string number, CancellationToken cancel)
    {
        await using var db = database.Open();
        var policy = await db.FindVisiblePolicyAsync(user, number, cancel);
        if (policy is null) return TypedResults.NotFound();
        var terms = policy.ToTerms((await ReferenceData.CurrentAsync(db, cancel)).Products[policy.ProductCode]);
        var today = await Access.TodayAsync(db, time, cancel);
        var quote = AlternativeQuotes.Quote(terms, policy.ToStanding(), today);
        if (quote is null) return Problems.Conflict($"product {terms.Product.Code} has no cash values, so no loan or paid-up alternative");
        string M(decimal amount) => Currencies.Format(amount, terms.Currency);
        return TypedResults.Ok(new AlternativesView(number, quote.On, quote.CompletedYears, M(quote.CashValue), M(quote.MaxPolicyLoan), M(quote.PaidUpSumInsured),
            quote.AutomaticPremiumLoanAvailable, quote.InstallmentsAutomaticLoanCovers, M(quote.Arrears)));
    }
}
