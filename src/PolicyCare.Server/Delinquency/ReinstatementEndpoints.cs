using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Hosting;
using PolicyCare.Json;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Delinquency;

public sealed record QuoteLineView(DateOnly DueDate, string Unpaid, int DaysOverdue, string Interest);
public sealed record QuoteView(string Policy, DateOnly IssuedOn, string Arrears, string Interest, string Total, DateOnly ValidUntil, bool InterestWaived, IReadOnlyList<QuoteLineView> Lines);
public sealed record ApplicationView(string Policy, DateOnly RequestedOn, string Health, string Total, DateOnly ValidUntil, string Status);

/// <summary>Reinstatement: the quote explained line by line, the application with its health declaration, underwriting's decision.</summary>
public static class ReinstatementEndpoints
{
    public static IEndpointRouteBuilder MapReinstatementEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/policies/{number}/reinstatement").WithTags("Delinquency").RequireAuthorization();
        group.MapGet("/quote", QuoteAsync).Produces<QuoteView>();
        group.MapPost("/", ApplyAsync).Accepts<ApplyInput>("application/json").Produces<ApplicationView>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/decision", DecideAsync).Accepts<DecisionInput>("application/json").Produces<ApplicationView>().ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    public sealed record ApplyInput(string? HealthDeclaration);
    public sealed record DecisionInput(string Decision);

    /// <summary>What reinstating would cost today (or on <c>date</c>): each unpaid premium, its days overdue and its interest.</summary>
    private static async Task<IResult> QuoteAsync(Database database, TimeProvider time, ClaimsPrincipal user, string number, string? date, CancellationToken cancel)
    {
        await using var db = database.Open();
        var policy = await db.FindVisiblePolicyAsync(user, number, cancel);
        if (policy is null) return TypedResults.NotFound();
        var on = date is null ? await Access.TodayAsync(db, time, cancel) : StrictObject.ParseDate(date, "date");
        if (policy.Status != PolicyStatus.Lapsed) return Problems.Conflict($"policy {number} is {policy.Status.Code()}; only a lapsed policy is reinstated");
        var terms = policy.ToTerms((await ReferenceData.CurrentAsync(db, cancel)).Products[policy.ProductCode]);
        var quote = ReinstatementQuote.Issue(terms, policy.ToStanding(), on);
        string M(decimal amount) => Currencies.Format(amount, terms.Currency);
        return TypedResults.Ok(new QuoteView(number, quote.IssuedOn, M(quote.Arrears), M(quote.Interest), M(quote.Total), quote.ValidUntil, policy.LapseInsurerFault,
            quote.Lines.Select(l => new QuoteLineView(l.DueDate, M(l.Unpaid), l.DaysOverdue, l.Interest.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture))).ToList()));
    }

    private static async Task<IResult> ApplyAsync(Database database, TimeProvider time, ClaimsPrincipal user, HttpRequest request, string number, CancellationToken cancel)
    {
        await using var db = database.Open();
        var policy = await db.FindVisiblePolicyAsync(user, number, cancel);
        if (policy is null) return TypedResults.NotFound();
        if (user.IsStaff() && !user.IsAnyOf([Roles.ServiceAgent, Roles.CollectionsAgent, Roles.Admin, Roles.Integrator])) return TypedResults.Forbid();
        if (user.RefuseUnlessHolder(policy) is { } refused) return refused;
        using var body = await Problems.ReadJsonAsync(request, cancel);
        var o = new StrictObject(body.RootElement, "$", "healthDeclaration");
        var declaration = o.OptionalString("healthDeclaration") switch
        {
            null => HealthDeclaration.None,
            "clean" => HealthDeclaration.Clean,
            "adverse" => HealthDeclaration.Adverse,
            _ => throw new InputException("$.healthDeclaration", "must be clean or adverse"),
        };
        if (policy.Status != PolicyStatus.Lapsed) return Problems.Conflict($"policy {number} is {policy.Status.Code()}; only a lapsed policy is reinstated");
        var today = await Access.TodayAsync(db, time, cancel);
        await Reinstatements.RequestAsync(db, number, today, declaration, cancel);
        var after = await db.Policies.AsNoTracking().FirstAsync(p => p.Number == number, cancel);
        return TypedResults.Created($"/api/v1/policies/{number}/reinstatement", await ViewAsync(db, after, cancel));
    }

    private static async Task<IResult> DecideAsync(Database database, TimeProvider time, ClaimsPrincipal user, HttpRequest request, string number, CancellationToken cancel)
    {
        await using var db = database.Open();
        var policy = await db.FindVisiblePolicyAsync(user, number, cancel);
        if (policy is null) return TypedResults.NotFound();
        if (!user.IsAnyOf(Roles.Underwriters)) return TypedResults.Forbid();
        using var body = await Problems.ReadJsonAsync(request, cancel);
        var o = new StrictObject(body.RootElement, "$", "decision");
        var approved = o.RequiredString("decision") switch
        {
            "approved" => true,
            "declined" => false,
            _ => throw new InputException("$.decision", "must be approved or declined"),
        };
        if (policy.HealthReview != HealthReview.Referred) return Problems.Conflict($"policy {number} has no declaration waiting for underwriting");
        await Reinstatements.DecideAsync(db, number, await Access.TodayAsync(db, time, cancel), approved, cancel);
        var after = await db.Policies.AsNoTracking().FirstAsync(p => p.Number == number, cancel);
        return TypedResults.Ok(await ViewAsync(db, after, cancel));
    }

    private static async Task<ApplicationView> ViewAsync(PolicyCareDb db, PolicyRecord p, CancellationToken cancel)
    {
        var currency = (await db.Products.FindAsync([p.ProductCode], cancel))!.ToProduct().Currency;
        var health = p.HealthReview ?? HealthReview.NotRequired;
        return new ApplicationView(p.Number, p.ReinstatementRequestedOn ?? default, HealthReviews.Table.Code(health).ToLowerInvariant(),
            Currencies.Format((p.QuoteArrears ?? 0) + (p.QuoteInterest ?? 0), currency), p.QuoteValidUntil ?? default, Reinstatements.ApplicationState(health));
    }
}
