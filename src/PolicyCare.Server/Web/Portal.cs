using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PolicyCare.Billing;
using PolicyCare.Delinquency;
using PolicyCare.Policies;
using PolicyCare.Storage;

namespace PolicyCare.Web;

/// <summary>A policy as the portal shows it: the API's view plus the facts a page needs to offer the right actions.</summary>
public sealed record PortalPolicy(PolicyDetail Detail, PolicyRecord Record, PolicyTerms Terms, DateOnly Today)
{
    /// <summary>The standing as stored; <see cref="PolicyDetail.Status"/> is the same as its published code.</summary>
    public PolicyStatus Status => Record.Status;

    public decimal Owed => Account.Outstanding(Terms, Record.ToStanding());

    /// <summary>What a payment now should be: the reinstatement quote once applied for, else what is overdue or due next.</summary>
    public decimal AmountToPay => Record.Status == PolicyStatus.Lapsed && Record.QuoteArrears is { } arrears
        ? arrears + (Record.QuoteInterest ?? 0) - Record.PaidSinceRequest
        : Owed > 0 ? Owed : 0;

    public int? DaysOfGraceLeft => Detail.GraceEndsOn is { } end ? end.DayNumber - Today.DayNumber : null;

    public string Currency => Terms.Currency;
}

public static class Portal
{
    /// <summary>The policy if the signed-in person may see it (a customer: only their own), else null.</summary>
    public static async Task<PortalPolicy?> FindAsync(PolicyCareDb db, ClaimsPrincipal user, string number, TimeProvider time, CancellationToken cancel = default)
    {
        var record = await db.FindVisiblePolicyAsync(user, number, cancel);
        return record is null ? null : await ViewAsync(db, record, time, cancel);
    }

    public static async Task<List<PortalPolicy>> MineAsync(PolicyCareDb db, ClaimsPrincipal user, TimeProvider time, CancellationToken cancel = default)
    {
        var list = new List<PortalPolicy>();
        foreach (var record in await db.VisiblePolicies(user).AsNoTracking().OrderBy(p => p.Number).Take(100).ToListAsync(cancel))
            list.Add(await ViewAsync(db, record, time, cancel));
        return list;
    }

    public static async Task<PortalPolicy> ViewAsync(PolicyCareDb db, PolicyRecord record, TimeProvider time, CancellationToken cancel)
    {
        var terms = record.ToTerms((await db.Products.FindAsync([record.ProductCode], cancel))!.ToProduct());
        return new PortalPolicy(await PolicyEndpoints.DetailAsync(db, record, cancel), record, terms, await Access.TodayAsync(db, time, cancel));
    }
}
