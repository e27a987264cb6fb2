using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Storage;

namespace PolicyCare.Policies;

public sealed record PolicySummary(string Number, string Product, string Holder, string Status, DateOnly StatusSince, string Premium, string Frequency, DateOnly? NextReviewOn);
public sealed record PolicyDetail(string Number, string Product, string Currency, string Holder, string Insured, string Status, DateOnly StatusSince,
    DateOnly Start, string Premium, string Frequency, bool AutoDebit, string Outstanding, string Credit, IReadOnlyList<InstallmentView> OpenInstallments, DateOnly? LapsedOn);
public sealed record InstallmentView(int Sequence, DateOnly DueDate, string Unpaid);
public sealed record TimelineView(DateOnly Date, string Kind, JsonObject Data);

/// <summary>Read endpoints for policies (the full API is the API issue's).</summary>
public static class PolicyEndpoints
{
    public static IEndpointRouteBuilder MapPolicyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/policies");
        group.MapGet("/", ListAsync);
        group.MapGet("/{number}", GetAsync);
        group.MapGet("/{number}/timeline", TimelineAsync);
        return app;
    }

    private static async Task<Results<Ok<List<PolicySummary>>, ValidationProblem>> ListAsync(Database database, string? status, int? limit, CancellationToken cancel)
    {
        if (limit is < 1 or > 1000) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["must be between 1 and 1000"] });
        await using var db = database.Open();
        var query = db.Policies.AsNoTracking();
        if (status is not null) query = query.Where(p => p.Status == status);
        var list = await query.OrderBy(p => p.Number).Take(limit ?? 100).ToListAsync(cancel);
        return TypedResults.Ok(list.Select(p => new PolicySummary(p.Number, p.ProductCode, p.HolderId, p.Status, p.StatusSince,
            p.Premium.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture), p.Frequency, p.NextReviewOn)).ToList());
    }

    private static async Task<Results<Ok<PolicyDetail>, NotFound>> GetAsync(Database database, string number, CancellationToken cancel)
    {
        await using var db = database.Open();
        var p = await db.Policies.AsNoTracking().FirstOrDefaultAsync(x => x.Number == number, cancel);
        if (p is null) return TypedResults.NotFound();
        var product = (await db.Products.FindAsync([p.ProductCode], cancel))!.ToProduct();
        var terms = p.ToTerms(product);
        var standing = p.ToStanding();
        string M(decimal amount) => Currencies.Format(amount, terms.Currency);
        return TypedResults.Ok(new PolicyDetail(p.Number, p.ProductCode, terms.Currency, p.HolderId, p.InsuredId, p.Status, p.StatusSince, p.Start,
            M(p.Premium), p.Frequency, p.MandateActive, M(Account.Outstanding(terms, standing)), M(standing.Credit),
            Account.OpenInstallments(terms, standing).Select(i => new InstallmentView(i.Sequence, i.DueDate, M(i.Unpaid))).ToList(), p.LapsedOn));
    }

    private static async Task<Results<Ok<List<TimelineView>>, NotFound>> TimelineAsync(Database database, string number, CancellationToken cancel)
    {
        await using var db = database.Open();
        if (!await db.Policies.AnyAsync(p => p.Number == number, cancel)) return TypedResults.NotFound();
        var entries = await db.Timeline.AsNoTracking().Where(t => t.PolicyNumber == number).OrderBy(t => t.On).ThenBy(t => t.Seq).ToListAsync(cancel);
        return TypedResults.Ok(entries.Select(t => new TimelineView(t.On, t.Kind, JsonNode.Parse(t.Data)!.AsObject())).ToList());
    }
}
