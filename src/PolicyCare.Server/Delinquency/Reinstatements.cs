using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Delinquency;

/// <summary>Applications for reinstatement and underwriting's decisions, as they arrive.</summary>
public static class Reinstatements
{
    /// <summary>Issues the quote the day the customer applies; an adverse declaration is referred to underwriting.</summary>
    public static async Task<ReinstatementQuote?> RequestAsync(PolicyCareDb db, string policyNumber, DateOnly on, HealthDeclaration declaration, CancellationToken cancel = default)
    {
        var policy = await db.PolicyForChangeAsync(policyNumber, cancel) ?? throw new UnknownPolicyException(policyNumber);
        var product = (await db.Products.FindAsync([policy.ProductCode], cancel))!.ToProduct();
        var terms = policy.ToTerms(product);
        var applied = Reinstatement.Apply(terms, policy.ToStanding(), on, declaration);
        if (applied?.Application is not { } application) return null;
        policy.Store(applied);
        policy.NextReviewOn = Collections.Earlier(policy.NextReviewOn, on);
        var quote = application.Quote;
        var seq = await Timeline.NextEventSeqAsync(db, policyNumber, on, cancel);
        db.Timeline.Add(Timeline.Entry(policyNumber, on, "reinstatement-quote", seq, new JsonObject
        {
            ["arrears"] = Currencies.Format(quote.Arrears, terms.Currency),
            ["interest"] = Currencies.Format(quote.Interest, terms.Currency),
            ["total"] = Currencies.Format(quote.Total, terms.Currency),
            ["validUntil"] = quote.ValidUntil.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        }));
        if (application.Health == HealthReview.Referred)
            db.Timeline.Add(Timeline.Entry(policyNumber, on, "reinstatement-referred", seq + 1, []));
        await db.SaveChangesAsync(cancel);
        return quote;
    }

    /// <summary>Waives the interest of a pending application; the timeline keeps who did it, why, and how much. False when there is nothing to waive.</summary>
    public static async Task<bool> WaiveInterestAsync(PolicyCareDb db, string policyNumber, DateOnly on, string agent, string reason, CancellationToken cancel = default)
    {
        var policy = await db.PolicyForChangeAsync(policyNumber, cancel) ?? throw new UnknownPolicyException(policyNumber);
        var before = policy.ToStanding();
        if (Reinstatement.WaiveInterest(before) is not { } after) return false;
        var currency = (await db.Products.FindAsync([policy.ProductCode], cancel))!.ToProduct().Currency;
        policy.Store(after);
        policy.NextReviewOn = Collections.Earlier(policy.NextReviewOn, on);
        db.Timeline.Add(Timeline.Entry(policyNumber, on, "interest-waived", await Timeline.NextEventSeqAsync(db, policyNumber, on, cancel), new JsonObject
        {
            ["amount"] = Currencies.Format(before.Application!.Quote.Interest, currency),
            ["by"] = agent,
            ["reason"] = reason,
        }));
        await db.SaveChangesAsync(cancel);
        return true;
    }

    public static async Task DecideAsync(PolicyCareDb db, string policyNumber, DateOnly on, bool approved, CancellationToken cancel = default)
    {
        var policy = await db.PolicyForChangeAsync(policyNumber, cancel) ?? throw new UnknownPolicyException(policyNumber);
        var before = policy.ToStanding();
        var after = Reinstatement.Decide(before, approved);
        if (after == before) return;
        policy.Store(after);
        policy.NextReviewOn = Collections.Earlier(policy.NextReviewOn, on);
        db.Timeline.Add(Timeline.Entry(policyNumber, on, "underwriting-decision", await Timeline.NextEventSeqAsync(db, policyNumber, on, cancel),
            new JsonObject { ["decision"] = approved ? "approved" : "declined" }));
        await db.SaveChangesAsync(cancel);
    }
}
